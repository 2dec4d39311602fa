/**
 * Who may send, kept in memory: a change of members or blocks made behind this process's back, as
 * another process would make it, takes effect on the very next message.
 */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { groupChat } from "../tests/helpers/chats.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { type StoredNews, watchStored } from "./group_commit.ts";
import { sendMessage } from "./messages.ts";
import { openPersonalChat } from "./personal.ts";

dbTest("members added or removed elsewhere are seen by the next message", async ({ db }) => {
  const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
  const chatId = await groupChat(db, "Pair", ann, [ann, bob]);
  const told: StoredNews[] = [];
  const watch = watchStored(db, (stored) => told.push(...stored));
  try {
    await sendMessage(db, ann, { chatId, content: "before" });

    await db.query("insert into chat_members (chat_id, user_id) values ($1, $2)", [chatId, cat]);
    // Sent together, checked against the chat as it was, stored as it is, in the order sent.
    const [first, second] = await Promise.all([
      sendMessage(db, ann, { chatId, content: "one" }),
      sendMessage(db, ann, { chatId, content: "two" }),
    ]);
    assert.deepEqual([first.seq, second.seq], [2, 3]);
    const recipients = told.slice(1).map((news) => [...news.userIds].sort((a, b) => a - b));
    assert.deepEqual(recipients, [[ann, bob, cat], [ann, bob, cat]]);
    assert.equal((await sendMessage(db, cat, { chatId, content: "hi" })).seq, 4);

    await db.query("delete from chat_members where chat_id = $1 and user_id = $2", [chatId, bob]);
    await assert.rejects(sendMessage(db, bob, { chatId, content: "still here?" }), httpStatus(423));
    const [{ count }] = await db.query<{ count: number }>(
      "select count(*) as count from messages where sender_id = $1",
      [bob],
    );
    assert.equal(count, 0);
    await sendMessage(db, ann, { chatId, content: "after" });
    assert.deepEqual([...told.at(-1)!.userIds].sort((a, b) => a - b), [ann, cat]);
  } finally {
    watch.stop();
  }
});

dbTest("a block made or lifted elsewhere is seen by the next message", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await openPersonalChat(db, { requireEmailConfirmation: true }, ann, {
    userId: bob,
  });
  await sendMessage(db, ann, { chatId, content: "hello" });

  await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [bob, ann]);
  await assert.rejects(sendMessage(db, ann, { chatId, content: "hello?" }), httpStatus(403));
  await assert.rejects(sendMessage(db, bob, { chatId, content: "go away" }), httpStatus(403));

  await db.query("delete from blocks");
  assert.equal((await sendMessage(db, ann, { chatId, content: "friends again" })).seq, 2);
});

dbTest("a chat deleted elsewhere takes no more messages", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await groupChat(db, "Short-lived", ann, [ann, bob]);
  await sendMessage(db, ann, { chatId, content: "hello" });
  await db.query("delete from chats where id = $1", [chatId]);
  await assert.rejects(sendMessage(db, ann, { chatId, content: "anyone?" }), httpStatus(423));
});

dbTest("messages are stored while the chat's members change without pause", async (t) => {
  const { db } = t;
  const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
  const chatId = await groupChat(db, "Busy", ann, [ann, bob]);
  // Another process where there can be one; PGlite's changes come through the same pool.
  const elsewhere = t.kind === "postgres" ? t.openAnother() : db;
  let changing = true;
  const changes = (async () => {
    while (changing) {
      // PGlite answers in this thread: without a turn of the event loop the sends would never run.
      await new Promise((resolve) => setImmediate(resolve));
      await elsewhere.query("insert into chat_members (chat_id, user_id) values ($1, $2)", [
        chatId,
        cat,
      ]);
      await elsewhere.query("delete from chat_members where chat_id = $1 and user_id = $2", [
        chatId,
        cat,
      ]);
    }
  })();
  try {
    const sent = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i));
      return sendMessage(db, i % 2 ? ann : bob, { chatId, content: `${i}` });
    }));
    assert.deepEqual(
      sent.map((m) => m.content),
      sent.toSorted((a, b) => a.seq - b.seq).map((m) => m.content),
    );
    assert.deepEqual(sent.map((m) => m.seq).toSorted((a, b) => a - b), sent.map((_, i) => i + 1));
  } finally {
    changing = false;
    await changes;
    if (elsewhere !== db) await elsewhere.close();
  }
});
