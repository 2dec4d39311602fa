/** Groups themselves: creating one, what it is called and shows, its members list, deleting it. */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { lockGroup, requireRole, type Role } from "./group_access.ts";
import { admit, type Admitted, deleteHeldGroup } from "./group_members.ts";
import { withEvents } from "./event_bus.ts";
import type { GroupFacts } from "./events.ts";
import { mayNotStartError, mayStart, membersOfChat } from "./access.ts";
import { postNote } from "./system_messages.ts";

export const TITLE_MAX_CHARS = 128;
export const DESCRIPTION_MAX_CHARS = 1000;

/** What creating a group and adding members depend on. */
export interface GroupSettings {
  maxMembers: number;
  requireEmailConfirmation: boolean;
}

/** A member as the group's info panel lists them. */
export interface GroupMember {
  userId: number;
  username: string;
  name: string;
  avatarVersion: number;
  role: Role;
  joinedAt: Date;
  /** How far they have read. */
  lastRead: number;
}

/** A group as its members see it. */
export interface GroupInfo extends GroupFacts {
  /** The role of who asked. */
  role: Role;
  memberCount: number;
  members: GroupMember[];
}

/** A title trimmed, 1 to `TITLE_MAX_CHARS` characters; 422 otherwise. */
export function checkTitle(title: string): string {
  const trimmed = title.trim();
  const length = [...trimmed].length;
  if (length === 0) throw new HttpError(422, "title: must not be empty");
  if (length > TITLE_MAX_CHARS) {
    throw new HttpError(422, `title: at most ${TITLE_MAX_CHARS} characters`);
  }
  return trimmed;
}

function checkDescription(description: string): string {
  const trimmed = description.trim();
  if ([...trimmed].length > DESCRIPTION_MAX_CHARS) {
    throw new HttpError(422, `description: at most ${DESCRIPTION_MAX_CHARS} characters`);
  }
  return trimmed;
}

/** The ids of users named by username; 404 when one does not exist. */
export async function idsOfUsernames(db: Queryable, usernames: string[]): Promise<number[]> {
  if (usernames.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    `select id from users where lower(username) = any($1::text[]) and deleted_at is null`,
    [usernames.map((name) => name.toLowerCase())],
  );
  if (rows.length < new Set(usernames.map((n) => n.toLowerCase())).size) {
    throw new HttpError(404, "No such user");
  }
  return rows.map((row) => row.id);
}

/** Creates a group owned by `userId` with `memberIds` added (or invited); returns its id. */
export async function createGroup(
  db: Db,
  settings: GroupSettings,
  userId: number,
  group: { title: string; description?: string; memberIds: number[] },
): Promise<Admitted & { chatId: number }> {
  const title = checkTitle(group.title);
  const description = checkDescription(group.description ?? "");
  if (!await mayStart(db, settings, userId)) throw mayNotStartError();
  return await withEvents(db, async (tx, emit) => {
    const [{ id: chatId }] = await tx.query<{ id: number }>(
      `insert into chats (kind, title, description, created_by) values ('group', $1, $2, $3)
       returning id`,
      [title, description, userId],
    );
    await tx.query(
      "insert into chat_members (chat_id, user_id, role) values ($1, $2, 'owner')",
      [chatId, userId],
    );
    await postNote(tx, emit, chatId, userId, { type: "created", title }, [userId]);
    const locked = await lockGroup(tx, chatId, userId);
    const admitted = await admit(tx, emit, locked, userId, group.memberIds, settings.maxMembers);
    return { chatId, ...admitted };
  });
}

/** Renames a group or changes its description: admins and the owner. */
export async function updateGroup(
  db: Db,
  userId: number,
  chatId: number,
  change: { title?: string; description?: string },
): Promise<GroupFacts> {
  const title = change.title === undefined ? undefined : checkTitle(change.title);
  const description = change.description === undefined
    ? undefined
    : checkDescription(change.description);
  return await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "change the group");
    const [facts] = await tx.query<GroupFacts>(
      `update chats set title = coalesce($2, title), description = coalesce($3, description)
       where id = $1
       returning id as "chatId", title, description, picture_version as "pictureVersion"`,
      [chatId, title ?? null, description ?? null],
    );
    const members = await membersOfChat(tx, chatId);
    if (title !== undefined && title !== group.title) {
      await postNote(tx, emit, chatId, userId, { type: "renamed", title }, members);
    }
    emit({ event: { event: "group.updated", data: facts }, userIds: members });
    return facts;
  });
}

/** Sets a group's picture (a JPEG made by the avatar pipeline): admins and the owner. */
export async function setGroupPicture(
  db: Db,
  userId: number,
  chatId: number,
  jpeg: Uint8Array,
): Promise<GroupFacts> {
  return await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "change the group");
    await tx.query(
      `insert into chat_pictures (chat_id, mime, data) values ($1, 'image/jpeg', $2)
       on conflict (chat_id) do update set data = excluded.data, updated_at = now()`,
      [chatId, jpeg],
    );
    const [facts] = await tx.query<GroupFacts>(
      `update chats set picture_version = picture_version + 1 where id = $1
       returning id as "chatId", title, description, picture_version as "pictureVersion"`,
      [chatId],
    );
    const members = await membersOfChat(tx, chatId);
    await postNote(tx, emit, chatId, userId, { type: "picture" }, members);
    emit({ event: { event: "group.updated", data: facts }, userIds: members });
    return facts;
  });
}

/** Deletes a group for everyone: the owner only. */
export async function deleteGroup(db: Db, userId: number, chatId: number): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "owner", "delete the group");
    await deleteHeldGroup(tx, emit, chatId);
  });
}

/** A group with its members, for a member; 404 for anyone else. */
export async function groupInfo(db: Queryable, userId: number, chatId: number): Promise<GroupInfo> {
  const [group] = await db.query<GroupFacts & { role: Role | null }>(
    `select c.id as "chatId", c.title, c.description, c.picture_version as "pictureVersion",
       m.role
     from chats c join chat_members m on m.chat_id = c.id and m.user_id = $2
     where c.id = $1 and c.kind = 'group'`,
    [chatId, userId],
  );
  if (!group?.role) throw new HttpError(404, "No such group");
  const members = await db.query<GroupMember>(
    `select u.id as "userId", u.username, coalesce(u.display_name, u.username) as name,
       u.avatar_version as "avatarVersion", m.role, m.joined_at as "joinedAt",
       m.last_read_message_id as "lastRead"
     from chat_members m join users u on u.id = m.user_id
     where m.chat_id = $1
     order by case m.role when 'owner' then 0 when 'admin' then 1 else 2 end, m.joined_at, u.id`,
    [chatId],
  );
  return { ...group, role: group.role, memberCount: members.length, members };
}
