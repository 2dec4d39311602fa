/**
 * Who may do what in a group. Every change of a group takes its chat row first (`lockGroup`), so
 * changes of one group happen one after another and each sees the members the last one left; a
 * batch of messages takes the same row, so it reads the members as they are when it commits.
 */
import type { Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";

/** The roles of a group's members. */
export type Role = "owner" | "admin" | "member";

/** A group as a change of it starts: held until the transaction ends. */
export interface LockedGroup {
  chatId: number;
  title: string;
  /** The role of the user making the change. */
  role: Role;
  memberCount: number;
}

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

/** The group's row, held, with `userId`'s role; 404 when there is no such group or they are not in it. */
export async function lockGroup(
  tx: Queryable,
  chatId: number,
  userId: number,
): Promise<LockedGroup> {
  const [group] = await tx.query<{ title: string; member_count: number }>(
    "select title, member_count from chats where id = $1 and kind = 'group' for update",
    [chatId],
  );
  if (!group) throw new HttpError(404, "No such group");
  // A statement of its own, begun once the row is held: one that waited for the row would still
  // read the members as they were before it waited.
  const [member] = await tx.query<{ role: Role }>(
    "select role from chat_members where chat_id = $1 and user_id = $2",
    [chatId, userId],
  );
  if (!member) throw new HttpError(404, "No such group");
  return { chatId, title: group.title, role: member.role, memberCount: group.member_count };
}

/** Refuses with 403 unless `role` is `least` or above. */
export function requireRole(role: Role, least: Role, doing: string): void {
  if (RANK[role] < RANK[least]) {
    throw new HttpError(403, `Only ${least === "owner" ? "the owner" : "admins"} can ${doing}`);
  }
}

/** Whether a member of `role` may remove one of `target`'s role: the owner anyone, admins members. */
export function outranks(role: Role, target: Role): boolean {
  return role === "owner" ? target !== "owner" : role === "admin" && target === "member";
}

/** The role of `userId` in the group, undefined when not a member. */
export async function roleOf(
  tx: Queryable,
  chatId: number,
  userId: number,
): Promise<Role | undefined> {
  const [row] = await tx.query<{ role: Role }>(
    "select role from chat_members where chat_id = $1 and user_id = $2",
    [chatId, userId],
  );
  return row?.role;
}
