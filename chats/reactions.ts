/**
 * Reactions: any single emoji, put on a message by anyone who reads its chat and taken off by a
 * second touch; at most `MAX_DISTINCT` different ones a message. Every member's devices are told of
 * the message's reactions as they now stand.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { membersOfChat, requireMember } from "./access.ts";
import { withEvents } from "./event_bus.ts";
import type { Reaction } from "./message_rows.ts";

export type { Reaction } from "./message_rows.ts";

/** Different emoji one message may carry. */
export const MAX_DISTINCT = 20;
/** Whose reactions travel with it: enough to tell one's own and to name a few. */
const IDS_SENT = 100;
const NAMES_SENT = 20;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

/** Whether `text` is one emoji: a single grapheme that draws as one. */
export function isEmoji(text: string): boolean {
  if (text.length === 0 || text.length > 32) return false;
  const graphemes = [...segmenter.segment(text)];
  return graphemes.length === 1 && EMOJI.test(text);
}

/** The reactions of `messageIds`, by message; each message's in the order they were first put. */
export async function reactionsOf(
  db: Queryable,
  messageIds: number[],
): Promise<Map<number, Reaction[]>> {
  const found = new Map<number, Reaction[]>();
  if (messageIds.length === 0) return found;
  const rows = await db.query<{
    message_id: number;
    emoji: string;
    count: number;
    user_ids: number[];
    names: string[];
  }>(
    `select r.message_id, r.emoji, count(*)::int as count,
       (array_agg(r.user_id order by r.created_at, r.user_id))[1:${IDS_SENT}] as user_ids,
       (array_agg(coalesce(u.display_name, u.username) order by r.created_at, r.user_id))
         [1:${NAMES_SENT}] as names
     from reactions r join users u on u.id = r.user_id
     where r.message_id = any($1::bigint[])
     group by r.message_id, r.emoji
     order by r.message_id, min(r.created_at), r.emoji`,
    [messageIds],
  );
  for (const row of rows) {
    const id = Number(row.message_id);
    const list = found.get(id) ?? [];
    list.push({
      emoji: row.emoji,
      count: Number(row.count),
      userIds: row.user_ids.map(Number),
      names: row.names,
    });
    found.set(id, list);
  }
  return found;
}

/**
 * Puts `emoji` on message `messageId` for `userId`, or takes it off when they had put it; the
 * message's reactions after. 422 for what is not one emoji, 409 past `MAX_DISTINCT`.
 */
export async function toggleReaction(
  db: Db,
  userId: number,
  messageId: number,
  emoji: string,
): Promise<Reaction[]> {
  if (!isEmoji(emoji)) throw new HttpError(422, "emoji: one emoji, please");
  return await withEvents(db, async (tx, emit) => {
    // The message's row, held: reactions put at once are counted one after another.
    const [message] = await tx.query<{ chat_id: number }>(
      `select chat_id from messages
       where id = $1 and deleted_at is null and content_type <> 'system' for update`,
      [messageId],
    );
    if (!message) throw new HttpError(404, "No such message");
    const chatId = Number(message.chat_id);
    await requireMember(tx, chatId, userId);
    const removed = await tx.query(
      "delete from reactions where message_id = $1 and user_id = $2 and emoji = $3 returning 1",
      [messageId, userId, emoji],
    );
    if (removed.length === 0) {
      const [{ distinct, known }] = await tx.query<{ distinct: number; known: boolean }>(
        `select count(distinct emoji)::int as distinct, coalesce(bool_or(emoji = $2), false) as known
         from reactions where message_id = $1`,
        [messageId, emoji],
      );
      if (!known && distinct >= MAX_DISTINCT) {
        throw new HttpError(409, `A message carries at most ${MAX_DISTINCT} different reactions`);
      }
      await tx.query(
        "insert into reactions (message_id, user_id, emoji) values ($1, $2, $3)",
        [messageId, userId, emoji],
      );
    }
    const reactions = (await reactionsOf(tx, [messageId])).get(messageId) ?? [];
    emit({
      event: { event: "message.reactions", data: { chatId, messageId, reactions } },
      userIds: await membersOfChat(tx, chatId),
    });
    return reactions;
  });
}
