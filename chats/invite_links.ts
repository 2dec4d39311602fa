/**
 * Invite links: an admin makes one, optionally expiring and limited in uses; whoever is signed in
 * and opens it sees the group and may join. A link is a random code; revoking it, its expiry or its
 * last use ends it.
 */
import { encodeHex } from "../framework/hex.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { withEvents } from "./event_bus.ts";
import { lockGroup, requireRole } from "./group_access.ts";
import { join } from "./group_members.ts";

/** A link as its group's admins see it. */
export interface InviteLink {
  id: number;
  code: string;
  createdBy: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  revoked: boolean;
}

/** What opening a link shows: the group, or why the link no longer works. */
export type LinkPreview =
  | {
    state: "open";
    chatId: number;
    title: string;
    pictureVersion: number;
    memberCount: number;
    member: boolean;
  }
  | { state: "revoked" | "expired" | "used_up" | "unknown" };

const ENDED = {
  revoked: "This link was revoked",
  expired: "This link has expired",
  used_up: "This link has been used up",
};

const COLUMNS = `id, code, created_by as "createdBy", created_at as "createdAt",
  expires_at as "expiresAt", max_uses as "maxUses", uses, revoked_at is not null as revoked`;

/** Makes a link to the group: admins and the owner. */
export async function createLink(
  db: Db,
  userId: number,
  chatId: number,
  options: { expiresInSeconds?: number; maxUses?: number },
): Promise<InviteLink> {
  return await db.transaction(async (tx) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "make invite links");
    const code = encodeHex(crypto.getRandomValues(new Uint8Array(12)));
    const [link] = await tx.query<InviteLink>(
      `insert into invite_links (chat_id, code, created_by, expires_at, max_uses)
       values ($1, $2, $3, now() + make_interval(secs => $4), $5) returning ${COLUMNS}`,
      [chatId, code, userId, options.expiresInSeconds ?? null, options.maxUses ?? null],
    );
    return link;
  });
}

/** The group's links, newest first: admins and the owner. */
export async function listLinks(db: Db, userId: number, chatId: number): Promise<InviteLink[]> {
  return await db.transaction(async (tx) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "see invite links");
    return await tx.query<InviteLink>(
      `select ${COLUMNS} from invite_links where chat_id = $1 order by id desc`,
      [chatId],
    );
  });
}

/** Ends a link: admins and the owner. */
export async function revokeLink(
  db: Db,
  userId: number,
  chatId: number,
  linkId: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const group = await lockGroup(tx, chatId, userId);
    requireRole(group.role, "admin", "revoke invite links");
    const rows = await tx.query(
      `update invite_links set revoked_at = coalesce(revoked_at, now())
       where id = $1 and chat_id = $2 returning 1`,
      [linkId, chatId],
    );
    if (rows.length === 0) throw new HttpError(404, "No such link");
  });
}

interface LinkRow {
  chat_id: number;
  title: string;
  picture_version: number;
  member_count: number;
  member: boolean;
  state: "open" | "revoked" | "expired" | "used_up";
}

async function readLink(db: Queryable, userId: number, code: string) {
  const [row] = await db.query<LinkRow>(
    `select l.chat_id, c.title, c.picture_version,
       c.member_count,
       exists (select 1 from chat_members m where m.chat_id = c.id and m.user_id = $2) as member,
       case when l.revoked_at is not null then 'revoked'
         when l.expires_at <= now() then 'expired'
         when l.uses >= l.max_uses then 'used_up'
         else 'open' end as state
     from invite_links l join chats c on c.id = l.chat_id
     where l.code = $1`,
    [code, userId],
  );
  return row;
}

/** What `userId` sees on opening the link `code`. */
export async function previewLink(db: Db, userId: number, code: string): Promise<LinkPreview> {
  const row = await readLink(db, userId, code);
  if (!row) return { state: "unknown" };
  if (row.state !== "open") return { state: row.state };
  return {
    state: "open",
    chatId: row.chat_id,
    title: row.title,
    pictureVersion: row.picture_version,
    memberCount: row.member_count,
    member: row.member,
  };
}

/** Joins the group of the link `code`; returns its id. A member joining again uses nothing. */
export async function joinByLink(
  db: Db,
  limits: { maxMembers: number },
  userId: number,
  code: string,
): Promise<number> {
  return await withEvents(db, async (tx, emit) => {
    // The group's row, then the link's, as every change of the group's members takes them; read
    // afresh once both are held.
    const [link] = await tx.query<{ chat_id: number }>(
      "select chat_id from invite_links where code = $1",
      [code],
    );
    if (!link) throw new HttpError(404, "No such link");
    await tx.query("select 1 from chats where id = $1 for update", [link.chat_id]);
    await tx.query("select 1 from invite_links where code = $1 for update", [code]);
    const row = await readLink(tx, userId, code);
    if (!row) throw new HttpError(404, "No such link");
    if (row.member) return row.chat_id;
    if (row.state !== "open") throw new HttpError(409, ENDED[row.state]);
    const [blocked] = await tx.query(
      `select 1 from blocks b join chat_members m on m.chat_id = $1
         and m.role = 'owner' and (b.blocker_id = m.user_id and b.blocked_id = $2)`,
      [row.chat_id, userId],
    );
    if (blocked) throw new HttpError(403, "You cannot join this group");
    await tx.query("update invite_links set uses = uses + 1 where code = $1", [code]);
    await join(tx, emit, row.chat_id, userId, limits.maxMembers, "link");
    return row.chat_id;
  });
}
