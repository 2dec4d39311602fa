/** Who is in a group: adding and inviting, leaving and succession, limits, and changes at once. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { usersInDb } from "../tests/helpers/accounts.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import type { Db } from "../db/mod.ts";
import { subscribe } from "./event_bus.ts";
import type { Delivery } from "./events.ts";
import { createGroup, groupInfo } from "./groups.ts";
import { addMembers, leaveGroup, removeMember, setRole } from "./group_members.ts";
import { acceptInvitation, declineInvitation, listInvitations } from "./invitations.ts";
import { listChats } from "./list.ts";
import { deleteChat } from "./manage.ts";
import { history, sendMessage } from "./messages.ts";
import { parseNote } from "../lib/system_text.ts";

const SETTINGS = { maxMembers: 100, requireEmailConfirmation: true };

async function notes(db: Db, userId: number, chatId: number) {
  const messages = await history(db, userId, chatId, { limit: 200 });
  return messages.map((m) => m.contentType === "system" ? parseNote(m.content)?.type : m.content);
}

async function roles(db: Db, chatId: number) {
  const rows = await db.query<{ user_id: number; role: string }>(
    "select user_id, role from chat_members where chat_id = $1 order by user_id",
    [chatId],
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
}

dbTest("a group is made with its title, owner, members and the notes of both", async ({ db }) => {
  const { ann, bob, cat } = await usersInDb(db, "ann", "bob", "cat");
  await assert.rejects(
    createGroup(db, SETTINGS, ann, { title: "  ", memberIds: [] }),
    httpStatus(422),
  );
  await assert.rejects(
    createGroup(db, SETTINGS, ann, { title: "x".repeat(129), memberIds: [] }),
    httpStatus(422),
  );
  await assert.rejects(
    createGroup(db, SETTINGS, ann, { title: "T", memberIds: [999_999] }),
    httpStatus(404),
  );
  await db.query("update users set email_confirmed_at = null where id = $1", [cat]);
  await assert.rejects(
    createGroup(db, SETTINGS, cat, { title: "T", memberIds: [] }),
    httpStatus(403),
  );

  const { chatId, added, invited } = await createGroup(db, SETTINGS, ann, {
    title: " Трое ",
    description: "About us",
    memberIds: [bob, cat, bob, ann],
  });
  assert.deepEqual([added.sort(), invited], [[bob, cat].sort(), []]);
  assert.deepEqual(await roles(db, chatId), { [ann]: "owner", [bob]: "member", [cat]: "member" });
  assert.deepEqual(await notes(db, bob, chatId), ["created", "added"]);
  const [listed] = await listChats(db, cat);
  assert.equal(listed.title, "Трое");
  assert.deepEqual(listed.group, {
    description: "About us",
    pictureVersion: 0,
    memberCount: 3,
    role: "member",
    left: false,
  });
});

dbTest(
  "who is added by contacts only is invited instead, and the blocked not at all",
  async ({ db }) => {
    const { ann, bob, cat, dan } = await usersInDb(db, "ann", "bob", "cat", "dan");
    await db.query("update users set group_add_from = 'contacts' where id = any($1::bigint[])", [
      [bob, cat],
    ]);
    await db.query("insert into contacts (owner_id, contact_id) values ($1, $2)", [cat, ann]);
    await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [dan, ann]);
    await assert.rejects(
      createGroup(db, SETTINGS, ann, { title: "T", memberIds: [bob, dan] }),
      httpStatus(403),
    );
    const told: Delivery[] = [];
    const unsubscribe = subscribe(db, (deliveries) => told.push(...deliveries));
    const { chatId, added, invited } = await createGroup(db, SETTINGS, ann, {
      title: "T",
      memberIds: [bob, cat],
    });
    unsubscribe();
    assert.deepEqual([added, invited], [[cat], [bob]]);
    assert.ok(told.some((d) => d.event.event === "group.invitation" && d.userIds[0] === bob));
    assert.deepEqual((await listInvitations(db, bob)).map((i) => [i.chatId, i.invitedBy?.id]), [
      [chatId, ann],
    ]);
    await assert.rejects(history(db, bob, chatId, { limit: 10 }), httpStatus(423));
    await acceptInvitation(db, SETTINGS, bob, chatId);
    await assert.rejects(acceptInvitation(db, SETTINGS, bob, chatId), httpStatus(404));
    assert.equal((await roles(db, chatId))[bob], "member");
    assert.deepEqual(await listInvitations(db, bob), []);
    assert.equal((await notes(db, bob, chatId)).at(-1), "joined");

    await leaveGroup(db, bob, chatId);
    await addMembers(db, SETTINGS, ann, chatId, [bob]);
    await declineInvitation(db, bob, chatId);
    assert.deepEqual(await listInvitations(db, bob), []);
    assert.equal((await roles(db, chatId))[bob], undefined);
  },
);

dbTest("the owner leaving hands the group on; the last one leaving deletes it", async ({ db }) => {
  const { ann, bob, cat, dan } = await usersInDb(db, "ann", "bob", "cat", "dan");
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "T", memberIds: [bob] });
  await addMembers(db, SETTINGS, ann, chatId, [cat]);
  await addMembers(db, SETTINGS, ann, chatId, [dan]);
  await setRole(db, ann, chatId, dan, "admin");
  // Dan is the only admin, though Bob and Cat have been in longer.
  await leaveGroup(db, ann, chatId);
  assert.deepEqual(await roles(db, chatId), { [bob]: "member", [cat]: "member", [dan]: "owner" });
  await leaveGroup(db, dan, chatId);
  assert.deepEqual(await roles(db, chatId), { [bob]: "owner", [cat]: "member" });
  assert.deepEqual((await notes(db, cat, chatId)).slice(-4), ["left", "owner", "left", "owner"]);
  await leaveGroup(db, bob, chatId);
  await leaveGroup(db, cat, chatId);
  const [gone] = await db.query("select 1 from chats where id = $1", [chatId]);
  assert.equal(gone, undefined);
  assert.deepEqual(await listChats(db, ann), []);
});

dbTest("someone removed reads what was there until then, and nothing after", async ({ db }) => {
  const { ann, bob } = await usersInDb(db, "ann", "bob");
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "T", memberIds: [bob] });
  await sendMessage(db, ann, { chatId, content: "before" });
  const told: Delivery[] = [];
  const unsubscribe = subscribe(db, (deliveries) => told.push(...deliveries));
  await removeMember(db, ann, chatId, bob);
  await sendMessage(db, ann, { chatId, content: "after" });
  unsubscribe();
  // Bob is told he is out, then nothing more.
  const toBob = told.filter((d) => d.userIds.includes(bob)).map((d) => d.event.event);
  assert.deepEqual(toBob, ["message.new", "group.member"]);
  assert.deepEqual(await notes(db, bob, chatId), ["created", "added", "before", "removed"]);
  assert.deepEqual(
    await history(db, bob, chatId, { after: 0, limit: 50 }).then((m) => m.length),
    4,
  );
  await assert.rejects(sendMessage(db, bob, { chatId, content: "hey" }), httpStatus(423));
  const [left] = await listChats(db, bob);
  assert.equal(left.group?.left, true);
  assert.equal(left.last?.type, "system");
  assert.equal(left.unread, 0);

  // Back in, Bob reads it all; out again and forgotten, the group is off his list.
  await addMembers(db, SETTINGS, ann, chatId, [bob]);
  assert.ok((await notes(db, bob, chatId)).includes("after"));
  await leaveGroup(db, bob, chatId);
  await deleteChat(db, bob, chatId, false);
  assert.deepEqual(await listChats(db, bob), []);
  await assert.rejects(history(db, bob, chatId, { limit: 10 }), httpStatus(423));
});

dbTest("a group holds at most its limit of members", async ({ db }) => {
  const { ann, bob, cat, dan } = await usersInDb(db, "ann", "bob", "cat", "dan");
  const small = { ...SETTINGS, maxMembers: 3 };
  await assert.rejects(
    createGroup(db, small, ann, { title: "T", memberIds: [bob, cat, dan] }),
    httpStatus(409),
  );
  const { chatId } = await createGroup(db, small, ann, { title: "T", memberIds: [bob] });
  await assert.rejects(addMembers(db, small, ann, chatId, [cat, dan]), httpStatus(409));
  // Added one at a time, all at once: one gets the last place.
  const outcomes = await Promise.allSettled(
    [cat, dan].map((id) => addMembers(db, small, ann, chatId, [id])),
  );
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ["fulfilled", "rejected"]);
  assert.equal((await groupInfo(db, ann, chatId)).memberCount, 3);
});

dbTest("adding, removing and leaving at once end in one consistent membership", async ({ db }) => {
  const names = Array.from({ length: 16 }, (_, i) => `u${i}`);
  const ids = Object.values(await usersInDb(db, ...names));
  const [owner, admin, ...rest] = ids;
  const { chatId } = await createGroup(db, SETTINGS, owner, {
    title: "Busy",
    memberIds: [admin, ...rest.slice(0, 10)],
  });
  await setRole(db, owner, chatId, admin, "admin");
  const changes = [
    ...rest.slice(10).map((id) => addMembers(db, SETTINGS, admin, chatId, [id])),
    ...rest.slice(0, 4).map((id) => removeMember(db, admin, chatId, id)),
    ...rest.slice(2, 7).map((id) => leaveGroup(db, id, chatId)),
    leaveGroup(db, owner, chatId),
    removeMember(db, owner, chatId, admin),
  ];
  const outcomes = await Promise.allSettled(changes);
  const failures = outcomes.flatMap((o) => o.status === "rejected" ? [o.reason.status] : []);
  // A member both removed and leaving is gone when the second comes; whichever wins, the owner
  // leaving or removing the admin, the other one finds things changed.
  assert.ok(failures.every((status) => status === 404 || status === 403), String(failures));

  const members = await db.query<{ user_id: number; role: string }>(
    "select user_id, role from chat_members where chat_id = $1",
    [chatId],
  );
  assert.equal(members.filter((m) => m.role === "owner").length, 1);
  const formers = await db.query<{ user_id: number }>(
    "select user_id from former_members where chat_id = $1",
    [chatId],
  );
  const inside = new Set(members.map((m) => m.user_id));
  assert.ok(formers.every((f) => !inside.has(f.user_id)));
  assert.equal(inside.size + formers.length, ids.length);
  for (const id of [...rest.slice(0, 7), owner]) assert.ok(!inside.has(id));
  for (const id of rest.slice(10)) assert.ok(inside.has(id));
  const [chat] = await db.query<{ last_seq: number; count: number }>(
    `select c.last_seq, (select count(*)::int from messages m where m.chat_id = c.id) as count
     from chats c where c.id = $1`,
    [chatId],
  );
  assert.equal(chat.last_seq, chat.count);
  const [counted] = await db.query<{ member_count: number }>(
    "select member_count from chats where id = $1",
    [chatId],
  );
  assert.equal(counted.member_count, inside.size, "the kept count is the members' number");
});
