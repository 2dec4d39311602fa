/**
 * Who may do what in a group: every method, called by the owner, an admin, a member, someone who
 * was removed and a stranger, each in a group of their own, answers as the rules say.
 */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { usersInDb } from "../tests/helpers/accounts.ts";
import { HttpError } from "../framework/http_error.ts";
import type { Db } from "../db/mod.ts";
import { createGroup, deleteGroup, groupInfo, updateGroup } from "./groups.ts";
import {
  addMembers,
  leaveGroup,
  removeMember,
  setRole,
  transferOwnership,
} from "./group_members.ts";
import { createLink, listLinks, revokeLink } from "./invite_links.ts";
import { deleteMessage, editMessage } from "./manage.ts";
import { history, sendMessage } from "./messages.ts";
import { markRead } from "./reads.ts";

const SETTINGS = { maxMembers: 100, requireEmailConfirmation: true };
const ROLES = ["owner", "admin", "member", "removed", "stranger"] as const;
type Who = typeof ROLES[number];

/** A group where each role is played, with `extra` (a member) to act on and a message of theirs. */
interface Scene {
  db: Db;
  chatId: number;
  users: Record<Who | "extra" | "newcomer", number>;
  messageId: number;
  linkId: number;
}

async function stage(db: Db, users: Scene["users"]): Promise<Scene> {
  const { chatId } = await createGroup(db, SETTINGS, users.owner, {
    title: "Team",
    memberIds: [users.admin, users.member, users.removed, users.extra],
  });
  await setRole(db, users.owner, chatId, users.admin, "admin");
  await removeMember(db, users.owner, chatId, users.removed);
  const message = await sendMessage(db, users.extra, { chatId, content: "hello" });
  const link = await createLink(db, users.owner, chatId, {});
  return { db, chatId, users, messageId: message.id, linkId: link.id };
}

type Action = (scene: Scene, actor: number) => Promise<unknown>;

const ACTIONS: Record<string, Action> = {
  "info": ({ db, chatId }, actor) => groupInfo(db, actor, chatId),
  "rename": ({ db, chatId }, actor) => updateGroup(db, actor, chatId, { title: "Renamed" }),
  "add": ({ db, chatId, users }, actor) =>
    addMembers(db, SETTINGS, actor, chatId, [users.newcomer]),
  "remove": ({ db, chatId, users }, actor) => removeMember(db, actor, chatId, users.extra),
  "promote": ({ db, chatId, users }, actor) => setRole(db, actor, chatId, users.extra, "admin"),
  "transfer": ({ db, chatId, users }, actor) => transferOwnership(db, actor, chatId, users.extra),
  "delete group": ({ db, chatId }, actor) => deleteGroup(db, actor, chatId),
  "make link": ({ db, chatId }, actor) => createLink(db, actor, chatId, {}),
  "list links": ({ db, chatId }, actor) => listLinks(db, actor, chatId),
  "revoke link": ({ db, chatId, linkId }, actor) => revokeLink(db, actor, chatId, linkId),
  "leave": ({ db, chatId }, actor) => leaveGroup(db, actor, chatId),
  "send": ({ db, chatId }, actor) => sendMessage(db, actor, { chatId, content: "hi" }),
  "history": ({ db, chatId }, actor) => history(db, actor, chatId, { limit: 50 }),
  "read": ({ db, chatId, messageId }, actor) => markRead(db, actor, chatId, messageId),
  "delete their message": ({ db, messageId }, actor) => deleteMessage(db, actor, messageId),
  "edit their message": ({ db, messageId }, actor) => editMessage(db, actor, messageId, "x"),
};

/** What each role gets: 200, or the status it is refused with. */
const EXPECTED: Record<keyof typeof ACTIONS, Record<Who, number>> = {
  "info": { owner: 200, admin: 200, member: 200, removed: 404, stranger: 404 },
  "rename": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "add": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "remove": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "promote": { owner: 200, admin: 403, member: 403, removed: 404, stranger: 404 },
  "transfer": { owner: 200, admin: 403, member: 403, removed: 404, stranger: 404 },
  "delete group": { owner: 200, admin: 403, member: 403, removed: 404, stranger: 404 },
  "make link": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "list links": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "revoke link": { owner: 200, admin: 200, member: 403, removed: 404, stranger: 404 },
  "leave": { owner: 200, admin: 200, member: 200, removed: 404, stranger: 404 },
  "send": { owner: 200, admin: 200, member: 200, removed: 423, stranger: 423 },
  // Someone removed still reads what was there until then.
  "history": { owner: 200, admin: 200, member: 200, removed: 200, stranger: 423 },
  "read": { owner: 200, admin: 200, member: 200, removed: 423, stranger: 423 },
  "delete their message": { owner: 200, admin: 200, member: 403, removed: 423, stranger: 423 },
  "edit their message": { owner: 403, admin: 403, member: 403, removed: 423, stranger: 423 },
};

async function outcome(action: Action, scene: Scene, actor: number): Promise<number> {
  try {
    await action(scene, actor);
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

dbTest("every group method answers each role as the rules say", async ({ db }) => {
  const names = [...ROLES, "extra", "newcomer"];
  const got: Record<string, Record<string, number>> = {};
  for (const [name, action] of Object.entries(ACTIONS)) {
    got[name] = {};
    for (const who of ROLES) {
      // Everyone anew for each call: a group of their own, in which nothing was done yet.
      const prefix = `${name.replaceAll(" ", "").slice(0, 8)}${who.slice(0, 3)}`;
      const ids = await usersInDb(db, ...names.map((n) => `${prefix}_${n}`));
      const users = Object.fromEntries(names.map((n) => [n, ids[`${prefix}_${n}`]]));
      const scene = await stage(db, users as Scene["users"]);
      got[name][who] = await outcome(action, scene, users[who]);
    }
  }
  assert.deepEqual(got, EXPECTED);
});

dbTest("an admin removes members only; no one removes the owner", async ({ db }) => {
  const { ann, bob, cat, dan } = await usersInDb(db, "ann", "bob", "cat", "dan");
  const { chatId } = await createGroup(db, SETTINGS, ann, {
    title: "Team",
    memberIds: [bob, cat, dan],
  });
  await setRole(db, ann, chatId, bob, "admin");
  await setRole(db, ann, chatId, cat, "admin");
  await assert.rejects(removeMember(db, bob, chatId, cat), (e: HttpError) => e.status === 403);
  await assert.rejects(removeMember(db, bob, chatId, ann), (e: HttpError) => e.status === 403);
  await assert.rejects(setRole(db, ann, chatId, ann, "member"), (e: HttpError) => e.status === 409);
  await removeMember(db, ann, chatId, cat);
  await removeMember(db, bob, chatId, dan);
  const info = await groupInfo(db, ann, chatId);
  assert.deepEqual(info.members.map((m) => [m.userId, m.role]), [[ann, "owner"], [bob, "admin"]]);
});
