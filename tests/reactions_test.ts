/** Reactions: one emoji each, toggled, told to every member, bounded, kept with the history. */
import assert from "node:assert/strict";
import { isEmoji, MAX_DISTINCT } from "../chats/reactions.ts";
import { serverTest } from "./helpers/server.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

type Reactions = { emoji: string; count: number; userIds: number[]; names: string[] }[];

Deno.test("a reaction is one emoji, whatever its code points", () => {
  for (const emoji of ["👍", "❤️", "🇷🇺", "👨‍👩‍👧", "1️⃣", "👍🏽", "🏳️‍🌈"]) {
    assert.ok(isEmoji(emoji), emoji);
  }
  for (const text of ["", "a", "ok", "👍👍", "👍 ", "1", "\u0000", "x".repeat(40)]) {
    assert.equal(isEmoji(text), false, JSON.stringify(text));
  }
});

serverTest("reactions are toggled, told to every member's device, and kept", async (server) => {
  await using alice = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  await using bobPhone = await TestSocket.open(server.wsUrl);
  await using carol = await TestSocket.open(server.wsUrl);
  const { user: { id: aliceId } } = await signUp(alice, "alice");
  const { user: { id: bobId } } = await signUp(bob, "bob");
  await bobPhone.request("auth.login", { login: "bob", password: "violet-anchor-thunder-42" });
  await signUp(carol, "carol");
  const chat = await alice.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const sent = await alice.request<{ result: { message: { id: number } } }>("messages.send", {
    chatId: chat.result.chatId,
    content: "Lunch?",
    clientId: "l1",
  });
  const messageId = sent.result.message.id;
  await bob.nextEvent(5_000, ["message.new"]);
  await bobPhone.nextEvent(5_000, ["message.new"]);

  const put = await bob.request<{ result: { reactions: Reactions } }>("reactions.toggle", {
    messageId,
    emoji: "👍",
  });
  assert.deepEqual(put.result.reactions, [{
    emoji: "👍",
    count: 1,
    userIds: [bobId],
    names: ["bob"],
  }]);
  for (const socket of [alice, bobPhone]) {
    const told = await socket.nextEvent(5_000, ["message.reactions"]);
    assert.deepEqual(told.data, {
      chatId: chat.result.chatId,
      messageId,
      reactions: put.result.reactions,
    });
  }
  await alice.request("reactions.toggle", { messageId, emoji: "👍" });
  await alice.request("reactions.toggle", { messageId, emoji: "🇷🇺" });
  const history = await bob.request<{ result: { messages: { reactions?: Reactions }[] } }>(
    "messages.history",
    { chatId: chat.result.chatId },
  );
  assert.deepEqual(
    history.result.messages.at(-1)!.reactions!.map((r) => [r.emoji, r.count, r.userIds]),
    [["👍", 2, [bobId, aliceId]], ["🇷🇺", 1, [aliceId]]],
  );
  const off = await bob.request<{ result: { reactions: Reactions } }>("reactions.toggle", {
    messageId,
    emoji: "👍",
  });
  assert.deepEqual(off.result.reactions.map((r) => [r.emoji, r.count]), [["👍", 1], ["🇷🇺", 1]]);

  assert.equal((await bob.request("reactions.toggle", { messageId, emoji: "ok" })).status, 422);
  assert.equal((await bob.request("reactions.toggle", { messageId, emoji: "👍👍" })).status, 422);
  assert.equal((await carol.request("reactions.toggle", { messageId, emoji: "👍" })).status, 423);
  assert.equal(
    (await bob.request("reactions.toggle", { messageId: 999999, emoji: "👍" })).status,
    404,
  );
}, { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } });

serverTest(
  "a message carries at most 20 different reactions, however many come at once",
  async (server) => {
    await using alice = await TestSocket.open(server.wsUrl);
    await using bob = await TestSocket.open(server.wsUrl);
    await signUp(alice, "alice");
    await signUp(bob, "bob");
    const chat = await alice.request<{ result: { chatId: number } }>("chats.openPersonal", {
      username: "bob",
    });
    const sent = await alice.request<{ result: { message: { id: number } } }>("messages.send", {
      chatId: chat.result.chatId,
      content: "React!",
      clientId: "r1",
    });
    const messageId = sent.result.message.id;
    const emoji = [..."😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔🤨😐😑😶🙄😏😣😥"];
    const answers = await Promise.all(
      emoji.map((e, i) =>
        (i % 2 ? alice : bob).request<{ status: number }>("reactions.toggle", {
          messageId,
          emoji: e,
        })
      ),
    );
    assert.equal(answers.filter((a) => a.status === 200).length, MAX_DISTINCT);
    assert.equal(answers.filter((a) => a.status === 409).length, emoji.length - MAX_DISTINCT);
    const again = await alice.request("reactions.toggle", { messageId, emoji: "🥶" });
    assert.equal(again.status, 409);
    const rows = await server.services.db.query("select distinct emoji from reactions");
    assert.equal(rows.length, MAX_DISTINCT);
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
