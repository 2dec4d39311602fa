/** Batches of new messages: copies of one client id, resends, and what the batch tells. */
import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { dbTest } from "../tests/helpers/db.ts";
import { BusyError } from "../framework/http_error.ts";
import { type Delivery } from "./events.ts";
import { MAX_WAITING } from "./group_commit.ts";
import { subscribe } from "./event_bus.ts";
import { sendMessage } from "./messages.ts";
import { openPersonalChat } from "./personal.ts";

const CONFIRMATION = { requireEmailConfirmation: true };

/** `db` with a count of the statements sent through it (its own batches and bus). */
function counting(db: Db): { db: Db; statements: () => number } {
  let statements = 0;
  const counted: Db = {
    ...db,
    kind: db.kind,
    query: (sql, params) => {
      statements++;
      return db.query(sql, params);
    },
  };
  return { db: counted, statements: () => statements };
}

dbTest(
  "two copies of one client id in one batch store one message, and both get it",
  async ({ db }) => {
    const { ann, bob } = await confirmedUsers(db, "ann", "bob");
    const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
    const told: Delivery[] = [];
    const unsubscribe = subscribe(db, (deliveries) => told.push(...deliveries));
    try {
      const sent = { chatId, content: "once", clientId: "twice" };
      const [first, second, other] = await Promise.all([
        sendMessage(db, ann, sent),
        sendMessage(db, ann, sent),
        sendMessage(db, bob, { chatId, content: "bob's", clientId: "twice" }),
      ]);
      assert.deepEqual(second, first);
      assert.notEqual(other.id, first.id, "client ids are the sender's own");
      const rows = await db.query<{ content: string; seq: number }>(
        "select content, seq from messages order by seq",
      );
      assert.deepEqual([...rows], [{ content: "once", seq: 1 }, { content: "bob's", seq: 2 }]);
      assert.deepEqual(told.map((d) => d.event.event), ["message.new", "message.new"]);
    } finally {
      unsubscribe();
    }
  },
);

dbTest("a resend returns the stored message in the batch's one statement", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
  const stored = await sendMessage(db, ann, { chatId, content: "**hi**", clientId: "c1" });
  const { db: counted, statements } = counting(db);
  const told: Delivery[] = [];
  const unsubscribe = subscribe(counted, (deliveries) => told.push(...deliveries));
  try {
    const again = await sendMessage(counted, ann, { chatId, content: "changed", clientId: "c1" });
    assert.deepEqual(again, stored);
    assert.equal(statements(), 1);
    assert.deepEqual(told, [], "a resend is news to no one");
  } finally {
    unsubscribe();
  }
});

dbTest("a batch tells each new message to the members of its chat", async ({ db }) => {
  const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
  const withBob = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
  const withCat = await openPersonalChat(db, CONFIRMATION, cat, { userId: ann });
  const told: Delivery[] = [];
  const unsubscribe = subscribe(db, (deliveries) => told.push(...deliveries));
  try {
    const source = {};
    const [toBob, toCat] = await Promise.all([
      sendMessage(db, ann, { chatId: withBob, content: "bob" }, source),
      sendMessage(db, cat, { chatId: withCat, content: "cat" }),
      sendMessage(db, cat, { chatId: withBob, content: "refused" }).catch(() => undefined),
    ]);
    assert.deepEqual(told, [
      {
        event: { event: "message.new", data: toBob },
        userIds: [ann, bob].toSorted((a, b) => a - b),
        source,
      },
      {
        event: { event: "message.new", data: toCat },
        userIds: [ann, cat].toSorted((a, b) => a - b),
      },
    ]);
  } finally {
    unsubscribe();
  }
});

dbTest(
  "past the waiting bound, a send is refused at once with 503; nothing is lost",
  async ({ db }) => {
    const { ann, bob } = await confirmedUsers(db, "ann", "bob");
    const chatId = await openPersonalChat(db, CONFIRMATION, ann, { userId: bob });
    const extra = 25;
    const sends = Array.from(
      { length: MAX_WAITING + extra },
      (_, i) => sendMessage(db, ann, { chatId, content: `m${i}`, clientId: `c${i}` }),
    );
    const outcomes = await Promise.allSettled(sends);
    const refused = outcomes.filter((o) => o.status === "rejected");
    assert.equal(refused.length, extra);
    for (const outcome of refused) {
      const error = (outcome as PromiseRejectedResult).reason;
      assert.ok(error instanceof BusyError && error.status === 503 && error.retryAfter > 0);
    }
    const [{ count }] = await db.query<{ count: number }>(
      "select count(*)::int as count from messages",
    );
    assert.equal(count, MAX_WAITING, "every accepted send stored");
    // Once the queue has room, the refused ones go through.
    const later = await sendMessage(db, ann, {
      chatId,
      content: "again",
      clientId: `c${MAX_WAITING}`,
    });
    assert.equal(later.content, "again");
  },
);
