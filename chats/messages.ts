/**
 * Messages: sending (idempotent by the client's own id, numbered per chat) and reading history.
 * A committed message is announced on `MESSAGES_CHANNEL` (`group_commit.ts`) as it commits, so every
 * server process pushes it to its members exactly when it is stored.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import type { Connection } from "../ws/connection.ts";
import { notMemberError, requireMember } from "./access.ts";
import { storeInBatch } from "./group_commit.ts";

/** Read positions that moved: `{ chatId, userId, messageId }` as JSON. */
export const READS_CHANNEL = "parley_reads";
export const MESSAGE_MAX_CHARS = 4000;
export const CONTENT_TYPES = ["text", "img", "video", "file", "sticker"] as const;
export type ContentType = typeof CONTENT_TYPES[number];

/** A message as clients receive it. */
export interface Message {
  id: number;
  chatId: number;
  seq: number;
  senderId: number | null;
  senderName: string | null;
  senderDeleted: boolean;
  /** 0 when the sender has no avatar. */
  senderAvatarVersion: number;
  content: string;
  contentType: ContentType;
  clientId: string | null;
  replyTo: number | null;
  createdAt: Date;
  editedAt: Date | null;
}

const written = new WeakMap<Message, string>();

/**
 * `message` as JSON, written once however many frames carry it: its sender's answer and the push
 * to every other member. Written for each, the two took 15% of the server's time at 7,000 messages
 * a second.
 */
export function messageJson(message: Message): string {
  let json = written.get(message);
  if (!json) {
    // Dates written first: an object holding one takes JSON.stringify's slow path, 3.7–4.3 µs a
    // message against 2.1–2.4.
    json = JSON.stringify({
      ...message,
      createdAt: message.createdAt.toISOString(),
      editedAt: message.editedAt?.toISOString() ?? null,
    });
    written.set(message, json);
  }
  return json;
}

const SELECT = `select m.id, m.chat_id, m.seq, m.sender_id,
    coalesce(u.display_name, u.username) as sender_name, u.deleted_at is not null as sender_deleted,
    coalesce(u.avatar_version, 0) as sender_avatar_version,
    m.content, m.content_type, m.client_id, m.reply_to, m.created_at, m.edited_at
  from messages m left join users u on u.id = m.sender_id`;

interface Row {
  id: number;
  chat_id: number;
  seq: number;
  sender_id: number | null;
  sender_name: string | null;
  sender_deleted: boolean | null;
  sender_avatar_version: number;
  content: string;
  content_type: ContentType;
  client_id: string | null;
  reply_to: number | null;
  created_at: Date;
  edited_at: Date | null;
}

/** A row as `chat_history` (db/migrations/0014_chat_history.sql) writes it: dates as text. */
type JsonRow = Omit<Row, "created_at" | "edited_at"> & {
  created_at: string;
  edited_at: string | null;
};

function toMessage(row: Row): Message {
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    senderId: row.sender_id,
    senderName: row.sender_deleted ? null : row.sender_name,
    senderDeleted: row.sender_deleted ?? false,
    senderAvatarVersion: row.sender_deleted ? 0 : row.sender_avatar_version,
    content: row.content,
    contentType: row.content_type,
    clientId: row.client_id,
    replyTo: row.reply_to,
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}

/** Loads one message by id, deleted or not. */
export async function loadMessage(db: Queryable, id: number): Promise<Message | undefined> {
  const [row] = await db.query<Row>(`${SELECT} where m.id = $1`, [id]);
  return row && toMessage(row);
}

/**
 * Loads messages by id, in the order of their ids, each with the members of its chat, to whom it
 * goes: one round trip, since a process pushing what another stored keeps its readers waiting.
 */
export async function loadWithRecipients(
  db: Queryable,
  ids: number[],
): Promise<{ message: Message; userIds: number[] }[]> {
  const rows = await db.query<Row & { user_ids: number[] | null }>(
    `with found as (${SELECT} where m.id = any($1::bigint[])),
     members as (
       select chat_id, json_agg(user_id) as user_ids from chat_members
       where chat_id in (select chat_id from found)
       group by chat_id
     )
     select found.*, members.user_ids from found left join members using (chat_id)
     order by found.id`,
    [ids],
  );
  return rows.map((row) => ({ message: toMessage(row), userIds: row.user_ids ?? [] }));
}

/** Stores a message with the chat's next sequence number, inside the caller's transaction. */
export async function insertMessage(
  tx: Queryable,
  message: {
    chatId: number;
    senderId: number;
    content: string;
    contentType?: ContentType;
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

/** What a member sends. */
export interface Outgoing {
  chatId: number;
  content: string;
  contentType?: ContentType;
  /** The sender's own id for the message: sending it again returns the first one. */
  clientId?: string;
  replyTo?: number;
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
 * Sends a message from `userId`; a repeat of a `clientId` returns the stored one. Sent on a
 * connection, it is pushed to every connection of the chat's members but that one.
 */
export async function sendMessage(
  db: Db,
  userId: number,
  outgoing: Outgoing,
  sentOn?: Connection,
): Promise<Message> {
  checkContent(outgoing.content);
  const stored = await storeInBatch(db, userId, outgoing, sentOn);
  if ("message" in stored) return stored.message;
  switch (stored.refused) {
    case "not_member":
      throw notMemberError();
    case "blocked":
      throw new HttpError(403, "You cannot message this user");
    case "bad_reply":
      throw new HttpError(422, "replyTo: no such message in this chat");
    case "duplicate":
      return (await bySenderClientId(db, userId, outgoing.clientId!))!;
  }
}

async function bySenderClientId(db: Queryable, senderId: number, clientId: string) {
  const [row] = await db.query<Row>(`${SELECT} where m.sender_id = $1 and m.client_id = $2`, [
    senderId,
    clientId,
  ]);
  return row && toMessage(row);
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
  // One round trip, the membership checked by the function: see its migration for why.
  const [{ messages }] = await db.query<{ messages: JsonRow[] | null }>(
    "select chat_history($1, $2, $3, $4, $5) as messages",
    [chatId, userId, page.before ?? Number.MAX_SAFE_INTEGER, page.after ?? null, page.limit],
  );
  if (!messages) throw notMemberError();
  return messages.map((row) =>
    toMessage({
      ...row,
      created_at: new Date(row.created_at),
      edited_at: row.edited_at === null ? null : new Date(row.edited_at),
    })
  );
}

/** Moves `userId`'s read position in a chat forward to `messageId` (never back). */
export async function markRead(
  db: Db,
  userId: number,
  chatId: number,
  messageId: number,
): Promise<number> {
  await requireMember(db, chatId, userId);
  const [row] = await db.query<{ last_read_message_id: number; before: number }>(
    `update chat_members m set last_read_message_id = greatest(m.last_read_message_id,
       least($3, coalesce((select max(id) from messages where chat_id = $1), 0)))
     from (select last_read_message_id as before from chat_members
           where chat_id = $1 and user_id = $2 for update) old
     where m.chat_id = $1 and m.user_id = $2 returning m.last_read_message_id, old.before`,
    [chatId, userId, messageId],
  );
  if (row.last_read_message_id > row.before) {
    const news = { chatId, userId, messageId: row.last_read_message_id };
    await db.query("select pg_notify($1, $2)", [READS_CHANNEL, JSON.stringify(news)]);
  }
  return row.last_read_message_id;
}
