/**
 * How far each member has read: a position per member that only moves forward, told to the chat's
 * members (the sender's ✓ becomes ✓✓), and in chats of up to `READ_RECEIPTS_UP_TO` members a
 * receipt of when it moved, so that a message can show who read it and when.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { membersOfChat, notMemberError, requireMember } from "./access.ts";
import { withEvents } from "./event_bus.ts";

/** Chats up to this many members keep when each member read; larger ones tell a count. */
export const READ_RECEIPTS_UP_TO = 100;

/** Who read a message: each reader and when, or in a large group only how many. */
export interface ReadBy {
  count: number;
  readers?: { userId: number; name: string; at: Date }[];
}

/** Moves `userId`'s read position in a chat forward to `messageId` (never back). */
export async function markRead(
  db: Db,
  userId: number,
  chatId: number,
  messageId: number,
): Promise<number> {
  await requireMember(db, chatId, userId);
  return await withEvents(db, async (tx, emit) => {
    const [row] = await tx.query<{ last_read_message_id: number; before: number }>(
      `update chat_members m set last_read_message_id = greatest(m.last_read_message_id,
         least($3, coalesce((select max(id) from messages where chat_id = $1), 0)))
       from (select last_read_message_id as before from chat_members
             where chat_id = $1 and user_id = $2 for update) old
       where m.chat_id = $1 and m.user_id = $2 returning m.last_read_message_id, old.before`,
      [chatId, userId, messageId],
    );
    if (!row) throw notMemberError();
    if (row.last_read_message_id > row.before) {
      const members = await membersOfChat(tx, chatId);
      if (members.length <= READ_RECEIPTS_UP_TO) {
        await tx.query(
          `insert into read_receipts (chat_id, user_id, message_id) values ($1, $2, $3)
           on conflict do nothing`,
          [chatId, userId, row.last_read_message_id],
        );
      }
      // The sender's ✓ becomes ✓✓ on every device.
      emit({
        event: {
          event: "chat.read",
          data: { chatId, userId, messageId: row.last_read_message_id },
        },
        userIds: members,
      });
    }
    return row.last_read_message_id;
  });
}

/** Who of the chat's other members read `messageId`, and when; a count alone in a large group. */
export async function readBy(db: Queryable, userId: number, messageId: number): Promise<ReadBy> {
  const [message] = await db.query<{ chat_id: number; sender_id: number | null }>(
    "select chat_id, sender_id from messages where id = $1 and deleted_at is null",
    [messageId],
  );
  if (!message) throw new HttpError(404, "No such message");
  await requireMember(db, message.chat_id, userId);
  const [{ count, members }] = await db.query<{ count: number; members: number }>(
    `select count(*) filter (where last_read_message_id >= $2 and user_id is distinct from $3)::int
       as count, count(*)::int as members
     from chat_members where chat_id = $1`,
    [message.chat_id, messageId, message.sender_id],
  );
  if (members > READ_RECEIPTS_UP_TO) return { count };
  // A member's first receipt at or past the message says when they read it.
  const readers = await db.query<{ userId: number; name: string; at: Date }>(
    `select r.user_id as "userId", coalesce(u.display_name, u.username) as name,
       min(r.read_at) as at
     from read_receipts r
     join chat_members m on m.chat_id = r.chat_id and m.user_id = r.user_id
     join users u on u.id = r.user_id
     where r.chat_id = $1 and r.message_id >= $2 and r.user_id is distinct from $3
     group by r.user_id, u.display_name, u.username
     order by at, r.user_id`,
    [message.chat_id, messageId, message.sender_id],
  );
  return { count, readers: [...readers] };
}
