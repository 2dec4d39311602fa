/** Forwarding: from a chat one reads, to one one may write in, marked, with its files, once. */
import assert from "node:assert/strict";
import { serverTest } from "./helpers/server.ts";
import { png, upload } from "./helpers/uploads.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

type Sent = { status: number; result: { message: Record<string, unknown> & { id: number } } };

serverTest(
  "a message is forwarded with its files, marked with whom it was from",
  async (server) => {
    await using alice = await TestSocket.open(server.wsUrl);
    await using bob = await TestSocket.open(server.wsUrl);
    await using carol = await TestSocket.open(server.wsUrl);
    await using dan = await TestSocket.open(server.wsUrl);
    const { token: aliceToken } = await signUp(alice, "alice");
    const { token: bobToken } = await signUp(bob, "bob");
    const { token: carolToken } = await signUp(carol, "carol");
    await signUp(dan, "dan");
    const open = async (socket: TestSocket, username: string) =>
      (await socket.request<{ result: { chatId: number } }>("chats.openPersonal", { username }))
        .result.chatId;
    const withBob = await open(alice, "bob");
    const bobWithCarol = await open(bob, "carol");
    const photo = await upload(server.url, aliceToken, "cat.png", await png(32, 32));
    const sent = await alice.request<Sent>("messages.send", {
      chatId: withBob,
      content: "Look at **this**",
      clientId: "p",
      attachments: [photo.id],
    });
    const original = sent.result.message;

    const forwarded = await bob.request<Sent>("messages.forward", {
      messageId: original.id,
      chatId: bobWithCarol,
      clientId: "f1",
    });
    assert.equal(forwarded.status, 200);
    const copy = forwarded.result.message as {
      id: number;
      forwardedFrom: string;
      content: string;
      attachments: { id: string; name: string }[];
    };
    assert.equal(copy.forwardedFrom, "alice");
    assert.equal(copy.content, "Look at **this**");
    assert.equal(copy.attachments[0].name, "cat.png");
    assert.notEqual(copy.attachments[0].id, photo.id, "bob's own upload of the same bytes");
    const pushed = await carol.nextEvent(5_000, ["message.new"]);
    assert.equal((pushed.data as { forwardedFrom: string }).forwardedFrom, "alice");
    const file = (token: string, id: string) =>
      fetch(new URL(`/files/${id}`, server.url), { headers: { authorization: `Bearer ${token}` } });
    const seen = await file(carolToken, copy.attachments[0].id);
    assert.equal(seen.status, 200, "carol reads the forwarded file");
    assert.deepEqual(new Uint8Array(await seen.arrayBuffer()), await png(32, 32));
    const notHers = await file(carolToken, photo.id);
    assert.equal(notHers.status, 404, "but not the original's upload");
    await notHers.body?.cancel();
    await (await file(bobToken, photo.id)).body?.cancel();

    const again = await bob.request<Sent>("messages.forward", {
      messageId: original.id,
      chatId: bobWithCarol,
      clientId: "f1",
    });
    assert.equal(again.result.message.id, copy.id, "the same forward is stored once");
    // Forwarded on: still from alice.
    const onward = await carol.request<Sent>("messages.forward", {
      messageId: copy.id,
      chatId: await open(carol, "dan"),
      clientId: "f2",
    });
    assert.equal(onward.result.message.forwardedFrom, "alice");
    const history = await carol.request<{ result: { messages: { forwardedFrom?: string }[] } }>(
      "messages.history",
      { chatId: bobWithCarol },
    );
    assert.equal(history.result.messages.at(-1)!.forwardedFrom, "alice");

    // Dan reads neither the message nor bob's chat with carol.
    const stranger = await dan.request("messages.forward", {
      messageId: original.id,
      chatId: bobWithCarol,
      clientId: "f3",
    });
    assert.equal(stranger.status, 423);
    const intoTheirs = await alice.request("messages.forward", {
      messageId: original.id,
      chatId: bobWithCarol,
      clientId: "f4",
    });
    assert.equal(intoTheirs.status, 423, "nor writes where one is not a member");
    await carol.request("blocks.add", { username: "bob" });
    const blocked = await bob.request("messages.forward", {
      messageId: original.id,
      chatId: bobWithCarol,
      clientId: "f5",
    });
    assert.equal(blocked.status, 403);
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
