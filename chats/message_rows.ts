/** Messages as the database keeps them, read into what clients receive. */
import type { Queryable } from "../db/mod.ts";
import type { AttachmentRecord } from "../files/attachments.ts";
import { renderMarkdown } from "../lib/markdown.ts";

export type { AttachmentRecord } from "../files/attachments.ts";

/** What a member may send. */
export const CONTENT_TYPES = ["text", "img", "video", "file", "sticker"] as const;
export type ContentType = typeof CONTENT_TYPES[number];
/** What a message may be: also `system`, told by the server (`chats/system_messages.ts`). */
export type MessageType = ContentType | "system";

/** A file a message carries, as clients receive it: with where to fetch it. */
export interface Attachment extends AttachmentRecord {
  url: string;
  thumbUrl?: string;
}

/** One emoji's reactions on a message (`reactions.ts`). */
export interface Reaction {
  emoji: string;
  count: number;
  /** The first readers who put it, in order (up to 100): whether one of them is you. */
  userIds: number[];
  /** The names of the first 20 of them, for "who reacted". */
  names: string[];
}

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
  contentType: MessageType;
  clientId: string | null;
  replyTo: number | null;
  createdAt: Date;
  editedAt: Date | null;
  /** Files, photos first as sent; empty for a text. */
  attachments: Attachment[];
  /** The text's Markdown as HTML, safe to insert; empty for system messages and stickers. */
  html: string;
  /** Its reactions, where they were read with it (history); a new message has none. */
  reactions?: Reaction[];
  /** Forwarded: whom it was first from. */
  forwardedFrom?: string;
}

/** The columns of a message with its sender, as `SELECT` reads them. */
export interface MessageRow {
  id: number;
  chat_id: number;
  seq: number;
  sender_id: number | null;
  sender_name: string | null;
  sender_deleted: boolean | null;
  sender_avatar_version: number;
  content: string;
  content_type: MessageType;
  client_id: string | null;
  reply_to: number | null;
  created_at: Date;
  edited_at: Date | null;
  attachments: AttachmentRecord[] | null;
  /** Absent from the rows the batch statement writes: a new message is not forwarded. */
  forwarded_from?: string | null;
}

/** A row written as JSON by a database function (`chat_history`): dates as text. */
export type MessageJsonRow = Omit<MessageRow, "created_at" | "edited_at"> & {
  created_at: string;
  edited_at: string | null;
};

const SELECT = `select m.id, m.chat_id, m.seq, m.sender_id,
    coalesce(u.display_name, u.username) as sender_name, u.deleted_at is not null as sender_deleted,
    coalesce(u.avatar_version, 0) as sender_avatar_version,
    m.content, m.content_type, m.client_id, m.reply_to, m.created_at, m.edited_at, m.attachments,
    m.forwarded_from
  from messages m left join users u on u.id = m.sender_id`;

export function toMessage(row: MessageRow): Message {
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
    attachments: withUrls(row.attachments ?? []),
    html: htmlOf(row.content, row.content_type),
    ...(row.forwarded_from ? { forwardedFrom: row.forwarded_from } : {}),
  };
}

/** What a message's text shows as: its Markdown rendered, for the kinds that have a text. */
export function htmlOf(content: string, type: MessageType): string {
  return type === "system" || type === "sticker" || content === "" ? "" : renderMarkdown(content);
}

/** `records` with the address each file is fetched at. */
export function withUrls(records: AttachmentRecord[]): Attachment[] {
  return records.map((record) => ({
    ...record,
    url: `/files/${record.id}`,
    ...(record.thumb ? { thumbUrl: `/files/${record.id}?thumb` } : {}),
  }));
}

/** A message from a row a database function wrote as JSON. */
export function fromJsonRow(row: MessageJsonRow): Message {
  return toMessage({
    ...row,
    created_at: new Date(row.created_at),
    edited_at: row.edited_at === null ? null : new Date(row.edited_at),
  });
}

/** Loads one message by id, deleted or not. */
export async function loadMessage(db: Queryable, id: number): Promise<Message | undefined> {
  const [row] = await db.query<MessageRow>(`${SELECT} where m.id = $1`, [id]);
  return row && toMessage(row);
}

/** Loads messages by id, in the order of their ids; those that are gone are left out. */
export async function loadMessages(db: Queryable, ids: number[]): Promise<Message[]> {
  const rows = await db.query<MessageRow>(
    `${SELECT} where m.id = any($1::bigint[]) order by m.id`,
    [ids],
  );
  return rows.map(toMessage);
}

/** The message `senderId` sent under its own `clientId`. */
export async function loadByClientId(
  db: Queryable,
  senderId: number,
  clientId: string,
): Promise<Message | undefined> {
  const [row] = await db.query<MessageRow>(
    `${SELECT} where m.sender_id = $1 and m.client_id = $2`,
    [senderId, clientId],
  );
  return row && toMessage(row);
}
