/**
 * Who is in a group: adding (or inviting, for those who are added by their contacts only),
 * removing, leaving, roles and ownership. Each change takes the group's row first
 * (`group_access.ts`), so that changes made at once end in one consistent membership.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import {
  type LockedGroup,
  lockGroup,
  outranks,
  requireRole,
  type Role,
  roleOf,
} from "./group_access.ts";
import { withEvents } from "./event_bus.ts";
import type { Delivery } from "./events.ts";
import { namesOf, postNote } from "./system_messages.ts";
import { membersOfChat } from "./access.ts";

type Emit = (delivery: Delivery) => void;

/** What adding people came to: who is in now, and who was sent an invitation instead. */
export interface Admitted {
  added: number[];
  invited: number[];
}

/**
 * Adds `userIds` to a held group on `actorId`'s behalf, or invites those who are added by their
 * contacts only and do not count the actor as one. Refuses the whole change when one of them does
 * not exist (404), blocked the actor or is blocked by them (403), or the group would grow past
 * `maxMembers` (409). Those already in are passed over.
 */
export async function admit(
  tx: Queryable,
  emit: Emit,
  group: LockedGroup,
  actorId: number,
  userIds: readonly number[],
  maxMembers: number,
): Promise<Admitted> {
  const wanted = [...new Set(userIds)].filter((id) => id !== actorId);
  if (wanted.length === 0) return { added: [], invited: [] };
  const rows = await tx.query<{
    id: number;
    name: string;
    member: boolean;
    blocked: boolean;
    needs_invitation: boolean;
  }>(
    `select u.id, coalesce(u.display_name, u.username) as name,
       exists (select 1 from chat_members m where m.chat_id = $1 and m.user_id = u.id) as member,
       exists (select 1 from blocks b where (b.blocker_id = u.id and b.blocked_id = $2)
         or (b.blocker_id = $2 and b.blocked_id = u.id)) as blocked,
       u.group_add_from = 'contacts' and not exists (select 1 from contacts c
         where c.owner_id = u.id and c.contact_id = $2) as needs_invitation
     from users u where u.id = any($3::bigint[]) and u.deleted_at is null`,
    [group.chatId, actorId, wanted],
  );
  if (rows.length < wanted.length) throw new HttpError(404, "No such user");
  const blocked = rows.find((row) => row.blocked);
  if (blocked) throw new HttpError(403, `You cannot add ${blocked.name}`);
  const fresh = rows.filter((row) => !row.member);
  const added = fresh.filter((row) => !row.needs_invitation).map((row) => row.id);
  const invited = fresh.filter((row) => row.needs_invitation).map((row) => row.id);
  if (group.memberCount + added.length > maxMembers) {
    throw new HttpError(409, `A group has at most ${maxMembers} members`);
  }
  if (added.length > 0) {
    await enrol(tx, group.chatId, added);
    group.memberCount += added.length;
    const members = await membersOfChat(tx, group.chatId);
    const users = await namesOf(tx, added);
    await postNote(tx, emit, group.chatId, actorId, { type: "added", users }, members);
    for (const userId of added) {
      emit({
        event: { event: "group.member", data: { chatId: group.chatId, userId, role: "member" } },
        userIds: members,
      });
    }
  }
  if (invited.length > 0) {
    await tx.query(
      `insert into group_invitations (chat_id, user_id, invited_by)
       select $1, unnest($2::bigint[]), $3 on conflict do nothing`,
      [group.chatId, invited, actorId],
    );
    for (const userId of invited) {
      emit({
        event: {
          event: "group.invitation",
          data: { chatId: group.chatId, title: group.title, invitedBy: actorId },
        },
        userIds: [userId],
      });
    }
  }
  return { added, invited };
}

/** Makes `userIds` members: what they read before leaving and their invitations are gone. */
async function enrol(tx: Queryable, chatId: number, userIds: number[]): Promise<void> {
  await tx.query(
    "insert into chat_members (chat_id, user_id) select $1, unnest($2::bigint[])",
    [chatId, userIds],
  );
  await tx.query(
    "delete from former_members where chat_id = $1 and user_id = any($2::bigint[])",
    [chatId, userIds],
  );
  await tx.query(
    "delete from group_invitations where chat_id = $1 and user_id = any($2::bigint[])",
    [chatId, userIds],
  );
}

/** Adds people to a group: admins and the owner only. */
export async function addMembers(
  db: Db,
  limits: { maxMembers: number },
  userId: number,
  chatId: number,
  userIds: readonly number[],
): Promise<Admitted> {
  return await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "add members");
    return await admit(tx, emit, group, userId, userIds, limits.maxMembers);
  });
}

/** Joins a held group as a member, by an invite link or an accepted invitation. */
export async function join(
  tx: Queryable,
  emit: Emit,
  chatId: number,
  userId: number,
  maxMembers: number,
  via: "link" | "invitation",
): Promise<void> {
  const [{ count }] = await tx.query<{ count: number }>(
    "select member_count as count from chats where id = $1",
    [chatId],
  );
  if (count >= maxMembers) throw new HttpError(409, `A group has at most ${maxMembers} members`);
  await enrol(tx, chatId, [userId]);
  const members = await membersOfChat(tx, chatId);
  await postNote(tx, emit, chatId, userId, { type: "joined", via }, members);
  emit({
    event: { event: "group.member", data: { chatId, userId, role: "member" } },
    userIds: members,
  });
}

/**
 * Takes `userId` out of a held group: they keep reading what was there until now, and are told
 * of nothing after. The last member leaving deletes the group; the owner leaving hands it to the
 * longest-serving admin, else the longest-serving member.
 */
async function depart(
  tx: Queryable,
  emit: Emit,
  chatId: number,
  userId: number,
  role: Role,
): Promise<void> {
  await tx.query(
    `insert into former_members (chat_id, user_id, last_message_id)
     values ($1, $2, coalesce((select max(id) from messages where chat_id = $1), 0))
     on conflict (chat_id, user_id) do update set last_message_id = excluded.last_message_id,
       left_at = now()`,
    [chatId, userId],
  );
  await tx.query("delete from chat_members where chat_id = $1 and user_id = $2", [
    chatId,
    userId,
  ]);
  const members = await membersOfChat(tx, chatId);
  const gone = { event: "group.member", data: { chatId, userId, role: null } } as const;
  // Told apart from the members: a long list of users is left out of the news to other processes,
  // which then read the members, no longer counting this one.
  emit({ event: gone, userIds: [userId] });
  if (members.length === 0) {
    await deleteHeldGroup(tx, emit, chatId);
    return;
  }
  emit({ event: gone, userIds: members });
  if (role !== "owner") return;
  const [heir] = await tx.query<{ user_id: number }>(
    `update chat_members set role = 'owner' where chat_id = $1 and user_id = (
       select user_id from chat_members where chat_id = $1
       order by role = 'admin' desc, joined_at, user_id limit 1)
     returning user_id`,
    [chatId],
  );
  const [user] = await namesOf(tx, [heir.user_id]);
  await postNote(tx, emit, chatId, userId, { type: "owner", user }, members);
  emit({
    event: { event: "group.member", data: { chatId, userId: heir.user_id, role: "owner" } },
    userIds: members,
  });
}

/** Deletes a held group for everyone who was or is in it. */
export async function deleteHeldGroup(tx: Queryable, emit: Emit, chatId: number): Promise<void> {
  const rows = await tx.query<{ user_id: number }>(
    `select user_id from chat_members where chat_id = $1
     union select user_id from former_members where chat_id = $1`,
    [chatId],
  );
  await tx.query("delete from chats where id = $1", [chatId]);
  emit({ event: { event: "chat.deleted", data: { chatId } }, userIds: rows.map((r) => r.user_id) });
}

/** Removes a member: the owner removes anyone, admins remove members. */
export async function removeMember(
  db: Db,
  userId: number,
  chatId: number,
  targetId: number,
): Promise<void> {
  if (targetId === userId) throw new HttpError(422, "userId: to leave, use leave");
  await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "remove members");
    const target = await roleOf(tx, chatId, targetId);
    if (!target) throw new HttpError(404, "Not a member of this group");
    if (!outranks(group.role, target)) {
      throw new HttpError(403, "Only the owner can remove an admin");
    }
    const members = await membersOfChat(tx, chatId);
    const users = await namesOf(tx, [targetId]);
    await postNote(tx, emit, chatId, userId, { type: "removed", users }, members);
    await depart(tx, emit, chatId, targetId, target);
  });
}

/** Leaves a group. */
export async function leaveGroup(db: Db, userId: number, chatId: number): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    if (group.memberCount > 1) {
      await postNote(tx, emit, chatId, userId, { type: "left" }, await membersOfChat(tx, chatId));
    }
    await depart(tx, emit, chatId, userId, group.role);
  });
}

/** Makes a member an admin or an admin a member: the owner only. */
export async function setRole(
  db: Db,
  userId: number,
  chatId: number,
  targetId: number,
  role: "admin" | "member",
): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "owner", "change roles");
    const target = await roleOf(tx, chatId, targetId);
    if (!target) throw new HttpError(404, "Not a member of this group");
    if (target === "owner") throw new HttpError(409, "To change the owner, transfer ownership");
    if (target === role) return;
    await tx.query("update chat_members set role = $3 where chat_id = $1 and user_id = $2", [
      chatId,
      targetId,
      role,
    ]);
    const members = await membersOfChat(tx, chatId);
    const [user] = await namesOf(tx, [targetId]);
    await postNote(tx, emit, chatId, userId, { type: "role", user, role }, members);
    emit({
      event: { event: "group.member", data: { chatId, userId: targetId, role } },
      userIds: members,
    });
  });
}

/** Hands the group to another member, the owner becoming an admin: the owner only. */
export async function transferOwnership(
  db: Db,
  userId: number,
  chatId: number,
  targetId: number,
): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "owner", "transfer ownership");
    if (targetId === userId) return;
    if (!await roleOf(tx, chatId, targetId)) throw new HttpError(404, "Not a member of this group");
    await tx.query(
      "update chat_members set role = 'admin' where chat_id = $1 and user_id = $2",
      [chatId, userId],
    );
    await tx.query(
      "update chat_members set role = 'owner' where chat_id = $1 and user_id = $2",
      [chatId, targetId],
    );
    const members = await membersOfChat(tx, chatId);
    const [user] = await namesOf(tx, [targetId]);
    await postNote(tx, emit, chatId, userId, { type: "owner", user }, members);
    for (const [id, role] of [[userId, "admin"], [targetId, "owner"]] as const) {
      emit({
        event: { event: "group.member", data: { chatId, userId: id, role } },
        userIds: members,
      });
    }
  });
}
