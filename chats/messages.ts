/**
 * Messages: sending (idempotent by the client's own id, numbered per chat, stored in batches by
 * `group_commit.ts`) and reading history. Read positions are in `reads.ts`.
 */
import { reactionsOf } from "./reactions.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { type AttachmentRecord, describeUploads } from "../files/attachments.ts";
import { notMemberError } from "./access.ts";
import { isSticker } from "./stickers.ts";
import { type Outgoing, storeInBatch } from "./group_commit.ts";
import {
  type ContentType,
  fromJsonRow,
  type Message,
  type MessageJsonRow,
  type MessageType,
} from "./message_rows.ts";

export { CONTENT_TYPES, type ContentType, type Message } from "./message_rows.ts";
export type { Outgoing } from "./group_commit.ts";

export const MESSAGE_MAX_CHARS = 4000;

/** Stores a message with the chat's next sequence number, inside the caller's transaction. */
export async function insertMessage(
  tx: Queryable,
  message: {
    chatId: number;
    senderId: number;
    content: string;
    contentType?: MessageType;
    clientId?: string;
    replyTo?: number;
    createdAt?: Date;
  },
): Promise<number> {
  const [chat] = await tx.query<{ last_seq: number }>(
    "update chats set last_seq = last_seq + 1 where id = $1 returning last_seq",
    [message.chatId],
  );
  const [row] = await tx.query<{ id: number }>(
    `insert into messages
       (chat_id, sender_id, content, content_type, client_id, reply_to, seq, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now())) returning id`,
    [
      message.chatId,
      message.senderId,
      message.content,
      message.contentType ?? "text",
      message.clientId ?? null,
      message.replyTo ?? null,
      chat.last_seq,
      message.createdAt ?? null,
    ],
  );
  return row.id;
}

/**
 * What the original protocol calls a message with files, by its first file: "img", "video" or
 * "file" (audio included).
 */
function contentTypeOf(attachments: AttachmentRecord[]): ContentType {
  const first = attachments[0]?.kind;
  if (first === undefined) return "text";
  return first === "image" ? "img" : first === "video" ? "video" : "file";
}

/** Refuses a message's text when it is blank or longer than `MESSAGE_MAX_CHARS` characters. */
export function checkContent(content: string): void {
  if (!/\S/.test(content)) throw new HttpError(422, "content: must not be empty");
  // A character is one or two UTF-16 units, so only a text longer in units needs counting.
  if (content.length > MESSAGE_MAX_CHARS && characters(content) > MESSAGE_MAX_CHARS) {
    throw new HttpError(422, `content: at most ${MESSAGE_MAX_CHARS} characters`);
  }
}

function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Sends a message from `userId`, with the uploads `attachmentIds` when given (then its text, a
 * caption, may be empty); a repeat of a `clientId` returns the stored one. `source` names where it
 * came from (the connection it was sent on), which its members' devices but that one are told of
 * it through.
 */
export async function sendMessage(
  db: Db,
  userId: number,
  outgoing: Outgoing & { attachmentIds?: string[] },
  source?: unknown,
): Promise<Message> {
  const { attachmentIds, ...message } = outgoing;
  if (message.contentType === "sticker") {
    if (!isSticker(message.content) || attachmentIds?.length) {
      throw new HttpError(422, "content: no such sticker");
    }
  } else if (attachmentIds?.length) {
    if (message.content.trim() !== "") checkContent(message.content);
    message.attachments = await describeUploads(db, userId, attachmentIds);
    message.contentType = contentTypeOf(message.attachments);
  } else {
    checkContent(message.content);
  }
  const stored = await storeInBatch(db, userId, message, source);
  if ("message" in stored) return stored.message;
  switch (stored.refused) {
    case "not_member":
      throw notMemberError();
    case "blocked":
      throw new HttpError(403, "You cannot message this user");
    case "bad_reply":
      throw new HttpError(422, "replyTo: no such message in this chat");
    case "bad_attachment":
      throw new HttpError(422, "attachments: no such upload ready to send");
  }
}

/**
 * A page of a chat's history, oldest first: the latest `limit` messages, or those before
 * `before`, or those after `after` (to catch up after a reconnect).
 */
export async function history(
  db: Queryable,
  userId: number,
  chatId: number,
  page: { before?: number; after?: number; limit: number },
): Promise<Message[]> {
  // One round trip, the membership checked by the function (`db/functions/chat_history.sql`).
  const [{ messages }] = await db.query<{ messages: MessageJsonRow[] | null }>(
    "select chat_history($1, $2, $3, $4, $5) as messages",
    [chatId, userId, page.before ?? Number.MAX_SAFE_INTEGER, page.after ?? null, page.limit],
  );
  if (!messages) throw notMemberError();
  const reactions = await reactionsOf(db, messages.map((m) => m.id));
  return messages.map((row) => {
    const message = fromJsonRow(row);
    const put = reactions.get(message.id);
    return put ? { ...message, reactions: put } : message;
  });
}
