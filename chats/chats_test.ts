/** Personal chats and messages, against the database rules. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { groupChat } from "../tests/helpers/chats.ts";
import type { HttpError } from "../framework/http_error.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { subscribe } from "./event_bus.ts";
import { deleteChat } from "./manage.ts";
import { history, type Message, sendMessage } from "./messages.ts";
import { markRead } from "./reads.ts";
import { openPersonalChat } from "./personal.ts";

const CONFIRMATION = { requireEmailConfirmation: true };

dbTest("two people opening their chat at once get one chat", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const ids = await Promise.all([
    openPersonalChat(db, CONFIRMATION, ann, { userId: bob }),
    openPersonalChat(db, CONFIRMATION, bob, { username: "ANN" }),
    openPersonalChat(db, CONFIRMATION, ann, { username: "bob" }),
  ]);
  assert.equal(new Set(ids).size, 1);
  const [{ chats }] = await db.query<{ chats: number }>("select count(*) as chats from chats");
  assert.equal(chats, 1);
  const members = await db.query("select user_id from chat_members where chat_id = $1", [ids[0]]);
  assert.equal(members.length, 2);
});

dbTest(
  "who may start a chat: confirmed, not blocked, allowed by the other's privacy",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    await assert.rejects(
      openPersonalChat(db, CONFIRMATION, ann, { username: "nobody" }),
      httpStatus(404),
    );
    await assert.rejects(openPersonalChat(db, CONFIRMATION, ann, { userId: ann }), httpStatus(404));

    await db.query("update users set email_confirmed_at = null where id = $1", [ann]);
    await assert.rejects(openPersonalChat(db, CONFIRMATION, ann, { userId: bob }), httpStatus(403));
    assert.ok(
      await openPersonalChat(db, { requireEmailConfirmation: false }, ann, { userId: bob }),
    );
    await db.query("update users set email_confirmed_at = now() where id = $1", [ann]);

    await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [cat, ann]);
    await assert.rejects(openPersonalChat(db, CONFIRMATION, ann, { userId: cat }), httpStatus(403));
    await db.query("delete from blocks");

    await db.query("update users set message_from = 'contacts' where id = $1", [cat]);
    await assert.rejects(openPersonalChat(db, CONFIRMATION, ann, { userId: cat }), httpStatus(403));
    await db.query("insert into contacts (owner_id, contact_id) values ($1, $2)", [cat, ann]);
    assert.ok(await openPersonalChat(db, CONFIRMATION, ann, { userId: cat }));
  },
);

dbTest(
  "a resent message is stored once; each message gets the chat's next number",
  async ({ db }) => {
    const { ann, bob } = await confirmedUsers(db, "ann", "bob");
    const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
    const first = await sendMessage(db, ann, { chatId, content: "hello", clientId: "c-1" });
    const again = await sendMessage(db, ann, { chatId, content: "hello", clientId: "c-1" });
    assert.equal(again.id, first.id);
    const racing = await Promise.all(
      [1, 2, 3].map(() => sendMessage(db, bob, { chatId, content: "hi", clientId: "c-1" })),
    );
    assert.equal(
      new Set(racing.map((m) => m.id)).size,
      1,
      "the same id from another sender is another message",
    );
    const third = await sendMessage(db, ann, { chatId, content: "**bold**", clientId: "c-2" });
    assert.deepEqual([first.seq, racing[0].seq, third.seq], [1, 2, 3]);
    const [{ count }] = await db.query<{ count: number }>("select count(*) as count from messages");
    assert.equal(count, 3);
  },
);

dbTest("only members read and write; blocked people cannot write", async ({ db }) => {
  const { ann, bob, eve } = await confirmedUsers(db, "ann", "bob", "eve");
  const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
  await assert.rejects(sendMessage(db, eve, { chatId, content: "hi" }), httpStatus(423));
  await assert.rejects(history(db, eve, chatId, { limit: 10 }), httpStatus(423));
  await assert.rejects(markRead(db, eve, chatId, 1), httpStatus(423));
  await assert.rejects(sendMessage(db, ann, { chatId, content: "   " }), httpStatus(422));
  await assert.rejects(
    sendMessage(db, ann, { chatId, content: "x".repeat(4001) }),
    httpStatus(422),
  );
  assert.ok(
    await sendMessage(db, ann, { chatId, content: "я".repeat(4000) }),
    "4,000 characters, not bytes",
  );
  assert.ok(
    await sendMessage(db, ann, { chatId, content: "😀".repeat(4000) }),
    "4,000 characters, not UTF-16 units",
  );
  await assert.rejects(
    sendMessage(db, ann, { chatId, content: "😀".repeat(4001) }),
    httpStatus(422),
  );
  await assert.rejects(sendMessage(db, ann, { chatId, content: "\n\t\u00a0" }), httpStatus(422));
  await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [bob, ann]);
  await assert.rejects(sendMessage(db, ann, { chatId, content: "still there?" }), httpStatus(403));
  await assert.rejects(sendMessage(db, bob, { chatId, content: "and you?" }), httpStatus(403));
});

dbTest("history pages backwards and forwards; read positions only move forward", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
  const sent = [];
  for (let i = 1; i <= 7; i++) sent.push(await sendMessage(db, ann, { chatId, content: `m${i}` }));
  const latest = await history(db, bob, chatId, { limit: 3 });
  assert.deepEqual(latest.map((m) => m.content), ["m5", "m6", "m7"]);
  const older = await history(db, bob, chatId, { before: latest[0].id, limit: 3 });
  assert.deepEqual(older.map((m) => m.content), ["m2", "m3", "m4"]);
  const newer = await history(db, bob, chatId, { after: sent[4].id, limit: 10 });
  assert.deepEqual(newer.map((m) => m.content), ["m6", "m7"]);

  assert.equal(await markRead(db, bob, chatId, sent[3].id), sent[3].id);
  assert.equal(await markRead(db, bob, chatId, sent[1].id), sent[3].id, "never back");
  assert.equal(
    await markRead(db, bob, chatId, 10 ** 12),
    sent[6].id,
    "never past the last message",
  );
});

dbTest(
  "sends at once are stored together, numbered without gaps, a resend among them too",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    const chats = [
      await openPersonalChat(db, CONFIRMATION, ann, { userId: bob }),
      await openPersonalChat(db, CONFIRMATION, ann, { userId: cat }),
      await openPersonalChat(db, CONFIRMATION, bob, { userId: cat }),
    ];
    const senders = [[ann, bob], [ann, cat], [bob, cat]];
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => {
      const c = i % 3;
      return sendMessage(db, senders[c][i % 2], {
        chatId: chats[c],
        content: `m${i}`,
        clientId: `id-${i}`,
      });
    }));
    assert.equal(new Set(sent.map((m) => m.id)).size, 60);
    for (const chatId of chats) {
      const seqs = sent.filter((m) => m.chatId === chatId).map((m) => m.seq).sort((a, b) => a - b);
      assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
    }

    const again = await Promise.all([
      sendMessage(db, ann, { chatId: chats[0], content: "m0", clientId: "id-0" }),
      ...[1, 2, 3].map((i) =>
        sendMessage(db, bob, { chatId: chats[0], content: `n${i}`, clientId: `new-${i}` })
      ),
    ]);
    assert.equal(again[0].id, sent[0].id, "the resend is the stored message");
    const rows = await db.query<{ seq: number }>(
      "select seq from messages where chat_id = $1 order by seq",
      [chats[0]],
    );
    assert.deepEqual(
      rows.map((r) => r.seq),
      Array.from({ length: 23 }, (_, i) => i + 1),
      "no gaps",
    );
  },
);

dbTest(
  "sends that keep coming while batches are stored are numbered and told in the order sent",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    const chats = [
      await openPersonalChat(db, CONFIRMATION, ann, { userId: bob }),
      await openPersonalChat(db, CONFIRMATION, bob, { userId: cat }),
    ];
    const told: { chatId: number; content: string }[] = [];
    const unsubscribe = subscribe(db, (deliveries) => {
      for (const { event } of deliveries) if (event.event === "message.new") told.push(event.data);
    });
    try {
      // Each wave is sent while the one before is being stored (the first is on its way after a
      // turn of the event loop, the others once the wave before them is answered): a batch waits
      // for the one ahead of it.
      const waves: Promise<Message>[][] = [];
      for (let wave = 0; wave < 20; wave++) {
        waves.push(Array.from({ length: 10 }, (_, i) => {
          const chatId = chats[i % 2];
          const sender = chatId === chats[0] ? ann : cat;
          return sendMessage(db, sender, { chatId, content: `${wave}.${i}` });
        }));
        if (wave === 0) await new Promise((resolve) => setImmediate(resolve));
        else await Promise.all(waves[wave - 1]);
      }
      const messages = await Promise.all(waves.flat());
      for (const chatId of chats) {
        const inChat = messages.filter((m) => m.chatId === chatId);
        assert.deepEqual(inChat.map((m) => m.seq), inChat.map((_, i) => i + 1));
        assert.deepEqual(
          told.filter((m) => m.chatId === chatId).map((m) => m.content),
          inChat.map((m) => m.content),
        );
      }
    } finally {
      unsubscribe();
    }
  },
);

dbTest(
  "in one batch, each refused message gets its own answer and the rest are stored",
  async ({ db }) => {
    const { ann, bob, cat, eve } = await confirmedUsers(db, "ann", "bob", "cat", "eve");
    const withBob = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
    const withCat = await openPersonalChat(db, CONFIRMATION, ann, { userId: cat });
    const first = await sendMessage(db, ann, { chatId: withBob, content: "first" });
    await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [cat, ann]);
    const outcomes = await Promise.allSettled([
      sendMessage(db, ann, { chatId: withBob, content: "a", replyTo: first.id }),
      sendMessage(db, eve, { chatId: withBob, content: "not a member" }),
      sendMessage(db, ann, { chatId: withCat, content: "blocked" }),
      sendMessage(db, bob, { chatId: withBob, content: "b", replyTo: first.id + 1000 }),
      sendMessage(db, bob, { chatId: withBob, content: "c" }),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status === "fulfilled" ? 200 : (o.reason as HttpError).status),
      [200, 423, 403, 422, 200],
    );
    const rows = await db.query<{ content: string; seq: number }>(
      "select content, seq from messages where chat_id = $1 order by seq",
      [withBob],
    );
    assert.deepEqual(rows.map((r) => [r.content, r.seq]), [["first", 1], ["a", 2], ["c", 3]]);
  },
);

dbTest(
  "a deleted chat takes its messages with it; a removed user's messages stay, from no one",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    const gone = await groupChat(db, "Gone", ann, [ann, bob]);
    const kept = await groupChat(db, "Kept", ann, [ann, bob, cat]);
    await sendMessage(db, ann, { chatId: gone, content: "soon gone" });
    const fromCat = await sendMessage(db, cat, { chatId: kept, content: "from cat" });
    const reply = await sendMessage(db, ann, {
      chatId: kept,
      content: "to cat",
      replyTo: fromCat.id,
    });

    await db.query("delete from chats where id = $1", [gone]);
    const left = await db.query<{ chat_id: number }>("select chat_id from messages");
    assert.deepEqual(left.map((row) => row.chat_id), [kept, kept]);

    await db.query("delete from users where id = $1", [cat]);
    const page = await history(db, ann, kept, { limit: 10 });
    assert.deepEqual(page.map((m) => [m.id, m.senderId, m.replyTo]), [
      [fromCat.id, null, null],
      [reply.id, ann, fromCat.id],
    ]);
  },
);

dbTest(
  "a group is not deleted for everyone by one member; it is hidden for them",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    const group = await groupChat(db, "Trio", ann, [ann, bob, cat]);
    await assert.rejects(deleteChat(db, ann, group, true), httpStatus(422));
    assert.equal((await db.query("select 1 from chats where id = $1", [group])).length, 1);
    await deleteChat(db, ann, group, false);
    assert.equal((await db.query("select 1 from chats where id = $1", [group])).length, 1);
  },
);
