/** A user's chats with what a chat list shows: who, the last message, unread count. */
import type { FileKind } from "../files/sniff.ts";
import { htmlToText } from "../lib/html_text.ts";
import { htmlOf } from "./message_rows.ts";
import type { Queryable } from "../db/mod.ts";
import type { MessageType } from "./message_rows.ts";
import type { Role } from "./group_access.ts";

export interface ChatSummary {
  id: number;
  kind: "personal" | "group";
  /** The group's title; for a personal chat, the other member's name. */
  title: string;
  /** The other member of a personal chat. */
  other?: { id: number; username: string; avatarVersion: number; deleted: boolean };
  /** A group's picture, size and the user's role in it; `left`: they are no longer in it. */
  group?: {
    description: string;
    pictureVersion: number;
    memberCount: number;
    role: Role | null;
    left: boolean;
  };
  lastSeq: number;
  last?: {
    id: number;
    content: string;
    type: MessageType;
    senderId: number | null;
    senderName: string | null;
    at: Date;
    /** Its text without Markdown, on one line, for the list's preview. */
    preview: string;
    /** Its first file, for a preview such as "Photo" or "File: report.pdf". */
    file?: { kind: FileKind; name: string };
  };
  unread: number;
  muted: boolean;
}

/** One chat as `chat_list` (db/functions/chat_list.sql) returns it. */
interface Row {
  id: number;
  kind: "personal" | "group";
  title: string | null;
  description: string;
  picture_version: number;
  last_seq: number;
  muted: boolean;
  role: Role | null;
  left: boolean;
  member_count: number | null;
  other_id: number | null;
  other_username: string | null;
  other_name: string | null;
  other_avatar_version: number | null;
  other_deleted: boolean | null;
  last_id: number | null;
  last_content: string | null;
  last_type: MessageType | null;
  last_sender_id: number | null;
  last_sender: string | null;
  last_at: string | null;
  last_file_kind: FileKind | null;
  last_file_name: string | null;
  unread: number;
}

/** The chats of `userId`, newest activity first. */
export async function listChats(db: Queryable, userId: number): Promise<ChatSummary[]> {
  const [{ chats }] = await db.query<{ chats: Row[] }>("select chat_list($1) as chats", [userId]);
  return chats.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.kind === "group" ? row.title ?? "" : row.other_name ?? "",
    other: row.other_id === null ? undefined : {
      id: row.other_id,
      username: row.other_username ?? "",
      avatarVersion: row.other_avatar_version ?? 0,
      deleted: row.other_deleted ?? false,
    },
    group: row.kind === "personal" ? undefined : {
      description: row.description,
      pictureVersion: row.picture_version,
      memberCount: row.member_count ?? 0,
      role: row.role,
      left: row.left,
    },
    lastSeq: row.last_seq,
    last: row.last_id === null ? undefined : {
      id: row.last_id,
      content: row.last_content ?? "",
      preview: htmlToText(htmlOf(row.last_content ?? "", row.last_type ?? "text")),
      type: row.last_type ?? "text",
      senderId: row.last_sender_id,
      senderName: row.last_sender,
      at: new Date(row.last_at!),
      ...(row.last_file_kind
        ? { file: { kind: row.last_file_kind, name: row.last_file_name ?? "" } }
        : {}),
    },
    unread: row.unread,
    muted: row.muted,
  }));
}
