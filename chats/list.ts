/** A user's chats with what a chat list shows: who, the last message, unread count. */
import type { Queryable } from "../db/mod.ts";

export interface ChatSummary {
  id: number;
  kind: "personal" | "group";
  /** The group's title; for a personal chat, the other member's name. */
  title: string;
  /** The other member of a personal chat. */
  other?: { id: number; username: string; avatarVersion: number; deleted: boolean };
  /** Every member but the user. */
  memberIds: number[];
  lastSeq: number;
  last?: {
    id: number;
    content: string;
    senderId: number | null;
    senderName: string | null;
    at: Date;
  };
  unread: number;
  muted: boolean;
}

interface Row {
  id: number;
  kind: "personal" | "group";
  title: string | null;
  last_seq: number;
  muted: boolean;
  member_ids: number[] | string;
  other_id: number | null;
  other_username: string | null;
  other_name: string | null;
  other_avatar_version: number | null;
  other_deleted: boolean | null;
  last_id: number | null;
  last_content: string | null;
  last_sender_id: number | null;
  last_sender: string | null;
  last_at: Date | null;
  unread: number;
}

/**
 * The chats of `userId`, newest activity first.
 *
 * A personal chat's other member is read from the chat's own pair (`personal_low`,
 * `personal_high`) by key. Read from its members instead, PGlite (which plans without statistics)
 * joined every chat to a scan of all users: 100 chats took 9–10 ms there, now 5.5–6.5.
 */
export async function listChats(db: Queryable, userId: number): Promise<ChatSummary[]> {
  const rows = await db.query<Row>(
    `select c.id, c.kind, c.title, c.last_seq, me.muted,
       case when c.kind = 'personal' then array_remove(array[o.id], null)
         else array(select om.user_id from chat_members om
                    where om.chat_id = c.id and om.user_id <> me.user_id order by om.user_id)
       end as member_ids,
       o.id as other_id, o.username as other_username,
       coalesce(o.display_name, o.username) as other_name,
       o.avatar_version as other_avatar_version, o.deleted_at is not null as other_deleted,
       lm.id as last_id, lm.content as last_content, lm.sender_id as last_sender_id,
       coalesce(lu.display_name, lu.username) as last_sender, lm.created_at as last_at,
       (select count(*) from messages m
         where m.chat_id = c.id
           and m.id > greatest(me.last_read_message_id, me.hidden_before)
           and m.sender_id is distinct from me.user_id and m.deleted_at is null) as unread
     from chat_members me
     join chats c on c.id = me.chat_id
     left join users o on c.kind = 'personal'
       and o.id = case when c.personal_low = me.user_id then c.personal_high else c.personal_low end
     left join lateral (
       select m.* from messages m
       where m.chat_id = c.id and m.deleted_at is null and m.id > me.hidden_before
       order by m.id desc limit 1
     ) lm on true
     left join users lu on lu.id = lm.sender_id
     where me.user_id = $1 and (me.hidden_before = 0 or lm.id is not null)
     order by coalesce(lm.created_at, c.created_at) desc, c.id desc`,
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.kind === "group" ? row.title ?? "" : row.other_name ?? "",
    other: row.other_id === null ? undefined : {
      id: row.other_id,
      username: row.other_username ?? "",
      avatarVersion: row.other_avatar_version ?? 0,
      deleted: row.other_deleted ?? false,
    },
    memberIds: parseIds(row.member_ids),
    lastSeq: row.last_seq,
    last: row.last_id === null ? undefined : {
      id: row.last_id,
      content: row.last_content ?? "",
      senderId: row.last_sender_id,
      senderName: row.last_sender,
      at: row.last_at!,
    },
    unread: row.unread,
    muted: row.muted,
  }));
}

/** int8[] arrives as numbers from PGlite and as text "{1,2}" from postgres.js. */
function parseIds(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
}
