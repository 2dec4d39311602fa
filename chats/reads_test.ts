/** Read positions: who read a message and when, or how many in a large group. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { usersInDb } from "../tests/helpers/accounts.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { createGroup } from "./groups.ts";
import { sendMessage } from "./messages.ts";
import { markRead, READ_RECEIPTS_UP_TO, readBy } from "./reads.ts";

const SETTINGS = { maxMembers: 1000, requireEmailConfirmation: true };

dbTest("a message tells who of the others read it, and when", async ({ db }) => {
  const { ann, bob, cat, eve } = await usersInDb(db, "ann", "bob", "cat", "eve");
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "T", memberIds: [bob, cat] });
  const first = await sendMessage(db, ann, { chatId, content: "first" });
  const second = await sendMessage(db, ann, { chatId, content: "second" });
  assert.deepEqual(await readBy(db, ann, first.id), { count: 0, readers: [] });

  await markRead(db, bob, chatId, first.id);
  await markRead(db, cat, chatId, second.id);
  await markRead(db, bob, chatId, second.id);
  const ofFirst = await readBy(db, cat, first.id);
  assert.equal(ofFirst.count, 2);
  assert.deepEqual(ofFirst.readers?.map((r) => r.name), ["bob", "cat"]);
  const ofSecond = await readBy(db, ann, second.id);
  assert.deepEqual(ofSecond.readers?.map((r) => r.userId), [cat, bob], "in the order they read");
  assert.ok(ofSecond.readers!.every((r) => r.at instanceof Date));
  await assert.rejects(readBy(db, eve, first.id), httpStatus(423));
  await assert.rejects(readBy(db, ann, 999_999), httpStatus(404));
});

dbTest("a group larger than the receipts' limit tells how many read", async ({ db }) => {
  const names = Array.from({ length: READ_RECEIPTS_UP_TO + 1 }, (_, i) => `m${i}`);
  const [owner, reader, ...rest] = Object.values(await usersInDb(db, ...names));
  const { chatId } = await createGroup(db, SETTINGS, owner, {
    title: "Big",
    memberIds: [reader, ...rest],
  });
  const message = await sendMessage(db, owner, { chatId, content: "all" });
  await markRead(db, reader, chatId, message.id);
  assert.deepEqual(await readBy(db, owner, message.id), { count: 1 });
  const [{ receipts }] = await db.query<{ receipts: number }>(
    "select count(*)::int as receipts from read_receipts",
  );
  assert.equal(receipts, 0);
});
