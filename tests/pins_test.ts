/** Pinned messages: who may pin where, told to every member, gone with their message. */
import assert from "node:assert/strict";
import { serverTest } from "./helpers/server.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

type Pins = { messageId: number; senderName: string; preview: string }[];
const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

serverTest("either member pins in a personal chat; every device is told", async (server) => {
  await using alice = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  await using carol = await TestSocket.open(server.wsUrl);
  await signUp(alice, "alice");
  await signUp(bob, "bob");
  await signUp(carol, "carol");
  const chat = await alice.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const chatId = chat.result.chatId;
  const send = async (content: string) =>
    (await alice.request<{ result: { message: { id: number } } }>("messages.send", {
      chatId,
      content,
      clientId: content,
    })).result.message.id;
  const first = await send("The address is **12 Green St**");
  const second = await send("Meet at 7");
  const pinned = await bob.request<{ result: { pins: Pins } }>("messages.pin", {
    messageId: first,
    pinned: true,
  });
  assert.deepEqual(
    pinned.result.pins.map((p) => [p.messageId, p.senderName, p.preview]),
    [[first, "alice", "The address is 12 Green St"]],
  );
  const toldAlice = await alice.nextEvent(5_000, ["chat.pins"]);
  assert.deepEqual((toldAlice.data as { pins: Pins }).pins.map((p) => p.messageId), [first]);
  await alice.request("messages.pin", { messageId: second, pinned: true });
  const listed = await bob.request<{ result: { pins: Pins } }>("chats.pins", { chatId });
  assert.deepEqual(listed.result.pins.map((p) => p.messageId), [second, first], "newest first");
  assert.equal((await carol.request("chats.pins", { chatId })).status, 423);
  assert.equal(
    (await carol.request("messages.pin", { messageId: first, pinned: true })).status,
    423,
  );
  await alice.request("messages.delete", { messageId: second });
  // Told of the pins as they stand once the message is gone (after any earlier news of pins).
  let told: number[] = [];
  while (told.length !== 1) {
    const news = await bob.nextEvent(5_000, ["chat.pins"]);
    told = (news.data as { pins: Pins }).pins.map((p) => p.messageId);
  }
  assert.deepEqual(told, [first]);
  const after = await bob.request<{ result: { pins: Pins } }>("chats.pins", { chatId });
  assert.deepEqual(after.result.pins.map((p) => p.messageId), [first], "a deleted message goes");
  await bob.request("messages.pin", { messageId: first, pinned: false });
  const none = await alice.request<{ result: { pins: Pins } }>("chats.pins", { chatId });
  assert.deepEqual(none.result.pins, []);
}, NO_CONFIRMATION);

serverTest("in a group only its admins pin", async (server) => {
  await using owner = await TestSocket.open(server.wsUrl);
  await using member = await TestSocket.open(server.wsUrl);
  await signUp(owner, "owner");
  await signUp(member, "member");
  const group = await owner.request<{ result: { chatId: number } }>("groups.create", {
    title: "Club",
    usernames: ["member"],
  });
  const sent = await member.request<{ result: { message: { id: number } } }>("messages.send", {
    chatId: group.result.chatId,
    content: "Rules: be kind",
    clientId: "r",
  });
  const messageId = sent.result.message.id;
  assert.equal((await member.request("messages.pin", { messageId, pinned: true })).status, 403);
  assert.equal((await owner.request("messages.pin", { messageId, pinned: true })).status, 200);
  assert.equal((await member.nextEvent(5_000, ["chat.pins"])).event, "chat.pins");
}, NO_CONFIRMATION);
