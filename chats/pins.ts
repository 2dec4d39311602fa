/**
 * Pinned messages: kept at the top of a chat, newest first. In a personal chat either member pins;
 * in a group its owner and admins do. Every member's devices are told of the pins as they now
 * stand.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { htmlToText } from "../lib/html_text.ts";
import { membersOfChat, requireMember } from "./access.ts";
import { withEvents } from "./event_bus.ts";
import type { Pin } from "./events.ts";
import { roleOf } from "./group_access.ts";
import { htmlOf, type MessageType } from "./message_rows.ts";

export type { Pin } from "./events.ts";

/** Pins one chat may hold. */
export const MAX_PINS = 50;

/** Chat `chatId`'s pins, newest first (deleted messages are no longer pinned). */
export async function pinsOf(db: Queryable, chatId: number): Promise<Pin[]> {
  const rows = await db.query<{
    message_id: number;
    sender_name: string | null;
    content: string;
    content_type: MessageType;
    attachments: { name: string }[] | null;
    pinned_at: Date;
  }>(
    `select p.message_id, coalesce(u.display_name, u.username) as sender_name, m.content,
       m.content_type, m.attachments, p.pinned_at
     from pinned_messages p
     join messages m on m.id = p.message_id and m.deleted_at is null
     left join users u on u.id = m.sender_id
     where p.chat_id = $1 order by p.pinned_at desc, p.message_id desc`,
    [chatId],
  );
  return rows.map((row) => {
    const words = row.content_type === "sticker"
      ? ""
      : htmlToText(htmlOf(row.content, row.content_type));
    return {
      messageId: Number(row.message_id),
      senderName: row.sender_name,
      preview: (words || row.attachments?.[0]?.name || "").slice(0, 120),
      pinnedAt: new Date(row.pinned_at),
    };
  });
}

/** The pins of a chat `userId` is a member of; 423 otherwise. */
export async function pinsFor(db: Queryable, userId: number, chatId: number): Promise<Pin[]> {
  await requireMember(db, chatId, userId);
  return await pinsOf(db, chatId);
}

/** Pins or unpins message `messageId` for `userId`; the chat's pins after. */
export async function setPinned(
  db: Db,
  userId: number,
  messageId: number,
  pinned: boolean,
): Promise<Pin[]> {
  return await withEvents(db, async (tx, emit) => {
    const [message] = await tx.query<{ chat_id: number; kind: string }>(
      `select m.chat_id, c.kind from messages m join chats c on c.id = m.chat_id
       where m.id = $1 and m.deleted_at is null and m.content_type <> 'system'
       for update of c`,
      [messageId],
    );
    if (!message) throw new HttpError(404, "No such message");
    const chatId = Number(message.chat_id);
    await requireMember(tx, chatId, userId);
    if (message.kind === "group") {
      const role = await roleOf(tx, chatId, userId);
      if (role !== "owner" && role !== "admin") {
        throw new HttpError(403, "Only a group's admins pin messages");
      }
    }
    if (pinned) {
      const [{ count }] = await tx.query<{ count: number }>(
        "select count(*)::int as count from pinned_messages where chat_id = $1",
        [chatId],
      );
      if (count >= MAX_PINS) throw new HttpError(409, `A chat holds at most ${MAX_PINS} pins`);
      await tx.query(
        `insert into pinned_messages (chat_id, message_id, pinned_by) values ($1, $2, $3)
         on conflict do nothing`,
        [chatId, messageId, userId],
      );
    } else {
      await tx.query("delete from pinned_messages where chat_id = $1 and message_id = $2", [
        chatId,
        messageId,
      ]);
    }
    const pins = await pinsOf(tx, chatId);
    emit({
      event: { event: "chat.pins", data: { chatId, pins } },
      userIds: await membersOfChat(tx, chatId),
    });
    return pins;
  });
}
