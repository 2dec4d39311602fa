/**
 * Members kept in memory for other processes' news: read once per chat, changed by the events that
 * change them, and, across two pools standing for two processes, each message addressed to the
 * members as they were when it was committed.
 */
import assert from "node:assert/strict";
import { usersInDb } from "../tests/helpers/accounts.ts";
import { DB_KINDS, dbTest, openTestDb } from "../tests/helpers/db.ts";
import type { Queryable } from "../db/mod.ts";
import { listen, subscribe } from "./event_bus.ts";
import type { Delivery } from "./events.ts";
import { createGroup } from "./groups.ts";
import { addMembers, removeMember } from "./group_members.ts";
import { MemberCache } from "./member_cache.ts";
import { sendMessage } from "./messages.ts";

const SETTINGS = { maxMembers: 100, requireEmailConfirmation: true };

/** `db`, counting the queries made through it. */
function counted(db: Queryable): Queryable & { queries: number } {
  const counter = {
    queries: 0,
    query: ((...args: Parameters<Queryable["query"]>) => {
      counter.queries++;
      return db.query(...args);
    }) as Queryable["query"],
    exec: (sql: string) => db.exec(sql),
  };
  return counter;
}

dbTest("a chat's members are read once, then kept current by events", async ({ db }) => {
  const { ann, bob, cat } = await usersInDb(db, "ann", "bob", "cat");
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "T", memberIds: [bob] });
  const cache = new MemberCache();
  const reads = counted(db);
  const of = async () => (await cache.membersOf(reads, [chatId])).get(chatId)!.sort();
  assert.deepEqual(await of(), [ann, bob].sort());
  assert.deepEqual(await of(), [ann, bob].sort());
  assert.equal(reads.queries, 1);

  cache.apply({ event: "group.member", data: { chatId, userId: cat, role: "member" } });
  cache.apply({ event: "group.member", data: { chatId, userId: bob, role: null } });
  cache.apply({ event: "typing", data: { chatId, userId: ann } });
  assert.deepEqual(await of(), [ann, cat].sort());
  assert.equal(reads.queries, 1);

  cache.apply({ event: "chat.deleted", data: { chatId } });
  await of();
  assert.equal(reads.queries, 2, "a deleted chat is forgotten");

  // An event that comes while a chat is being read: that read answers, but is not kept.
  const fresh = new MemberCache();
  const reading = fresh.membersOf(reads, [chatId]);
  fresh.apply({ event: "group.member", data: { chatId, userId: cat, role: "member" } });
  await reading;
  await fresh.membersOf(reads, [chatId]);
  assert.equal(reads.queries, 4);
});

Deno.test({
  name: "another process addresses each message to the members when it was stored (postgres)",
  ignore: !DB_KINDS.includes("postgres"),
}, async () => {
  await using t = await openTestDb("postgres");
  const here = t.db;
  const there = t.openAnother();
  const { ann, bob, cat } = await usersInDb(here, "ann", "bob", "cat");
  const { chatId } = await createGroup(here, SETTINGS, ann, { title: "T", memberIds: [bob] });
  const heard: Delivery[] = [];
  subscribe(there, (deliveries) => heard.push(...deliveries));
  const errors: unknown[] = [];
  const stopHere = await listen(here, (error) => errors.push(error));
  const stopThere = await listen(there, (error) => errors.push(error));
  try {
    const deadline = Date.now() + 10_000;
    const heardOf = (content: string) =>
      heard.find((d) => (d.event.data as { content?: string }).content === content);
    // The first news of a chat has its members read: they are as they are by then.
    await sendMessage(here, ann, { chatId, content: "zero" });
    while (!heardOf("zero") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    // Then changes and messages one right after the other, each depending on the one before.
    await sendMessage(here, ann, { chatId, content: "one" });
    await addMembers(here, SETTINGS, ann, chatId, [cat]);
    await sendMessage(here, ann, { chatId, content: "two" });
    await removeMember(here, ann, chatId, bob);
    await sendMessage(here, ann, { chatId, content: "three" });
    while (!heardOf("three") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const to = (content: string) => [...heardOf(content)!.userIds].sort();
    assert.deepEqual(to("one"), [ann, bob].sort());
    assert.deepEqual(to("two"), [ann, bob, cat].sort());
    assert.deepEqual(to("three"), [ann, cat].sort());
    assert.deepEqual(errors, []);
  } finally {
    await stopHere();
    await stopThere();
  }
});
