/** Stickers over both protocols: only the pack's, told to v1 clients by their picture's address. */
import assert from "node:assert/strict";
import { serverTest } from "./helpers/server.ts";
import { signUp, TestSocket, v1Request } from "./helpers/ws_client.ts";

serverTest("a sticker of the pack is sent; anything else is refused", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  await signUp(ann, "ann");
  const bobToken = (await signUp(bob, "bob")).token;
  const chat = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const send = (content: string, clientId: string) =>
    ann.request<{ status: number; result: { message: { contentType: string } } }>(
      "messages.send",
      { chatId: chat.result.chatId, content, contentType: "sticker", clientId },
    );
  assert.equal((await send("../../etc/passwd", "a")).status, 422);
  assert.equal((await send("<b>hi</b>", "b")).status, 422);
  const sent = await send("rocket", "c");
  assert.equal(sent.status, 200);
  assert.equal(sent.result.message.contentType, "sticker");
  const v1 = await v1Request(bob, {
    mode: "getMessages",
    token: bobToken,
    chat_id: chat.result.chatId,
  }) as { messages: { content: string; content_type: string }[] };
  assert.deepEqual(v1.messages.map((m) => [m.content, m.content_type]), [
    ["/stickers/rocket.svg", "sticker"],
  ]);
  const picture = await fetch(new URL("/stickers/rocket.svg", server.url));
  assert.equal(picture.headers.get("content-type"), "image/svg+xml");
  assert.match(await picture.text(), /^<svg/);
}, { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } });
