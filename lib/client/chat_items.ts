/**
 * Chats as the chat list shows them, and the chat the messenger opens, in the browser and in the
 * server's first rendering.
 */
import { avatarUrl } from "../../accounts/users.ts";
import type { ChatSummary } from "../../chats/list.ts";
import type { Message, MessageType } from "../../chats/message_rows.ts";
import type { FileKind } from "../../files/sniff.ts";
import { htmlToText } from "../html_text.ts";
import type { Wire } from "../../ws/protocol.ts";
import type { Pin } from "../../chats/events.ts";
import type { MessageItem } from "./message_items.ts";

/** The chat open in the messenger, as the page gives it. */
export interface OpenChat {
  id: number;
  title: string;
  /** The other member of a personal chat, for blocking. */
  otherId?: number;
  /** A group: its members are read for names, mentions and read positions. */
  group: boolean;
  messages: MessageItem[];
  othersRead: number;
  pins?: Wire<Pin>[];
  /** Opened at this message (a search result), not at the latest. */
  at?: number;
  /** Opened at an older message: the latest are not loaded yet. */
  newerMissing?: boolean;
}

export interface ChatItem {
  id: number;
  kind: "personal" | "group";
  title: string;
  avatar?: string;
  /** The last message's text as stored: a system note's JSON, a sticker's name. */
  lastText?: string;
  /** The last message's text as the list shows it: plain, on one line. */
  lastPreview?: string;
  lastType?: MessageType;
  /** The last message's first file. */
  lastFile?: { kind: FileKind; name: string };
  lastSender?: string;
  lastAt?: string;
  unread: number;
  muted: boolean;
  /** A group's size and the user's place in it (no role: they left). */
  group?: { memberCount: number; role: "owner" | "admin" | "member" | null; description: string };
}

/** A group's picture, when it has one. */
export function groupPictureUrl(group: { chatId: number; pictureVersion: number }) {
  return group.pictureVersion > 0
    ? `/group-pictures/${group.chatId}?v=${group.pictureVersion}`
    : undefined;
}

/** The list item for a chat of `chats.list`, or of the server's own reading. */
export function toChatItem(chat: ChatSummary | Wire<ChatSummary>, deletedUser: string): ChatItem {
  const deleted = chat.other?.deleted ?? false;
  const at = chat.last?.at;
  return {
    id: chat.id,
    kind: chat.kind,
    title: deleted ? deletedUser : chat.title,
    avatar: chat.group
      ? groupPictureUrl({ chatId: chat.id, pictureVersion: chat.group.pictureVersion })
      : chat.other && !deleted
      ? avatarUrl(chat.other)
      : undefined,
    lastText: chat.last?.content,
    lastPreview: chat.last?.preview,
    lastType: chat.last?.type,
    lastFile: chat.last?.file,
    lastSender: chat.last?.senderName ?? undefined,
    lastAt: at === undefined ? undefined : typeof at === "string" ? at : at.toISOString(),
    unread: chat.unread,
    muted: chat.muted,
    group: chat.group && {
      memberCount: chat.group.memberCount,
      role: chat.group.role,
      description: chat.group.description,
    },
  };
}

/**
 * The list after `message` arrived: its chat on top with it as the last message, one more unread
 * when `unread`. A chat not in the list yet (a first message) is added.
 */
export function withMessage(
  chats: ChatItem[],
  message: Wire<Message>,
  unread: boolean,
): { chats: ChatItem[]; chat: ChatItem } {
  const known = chats.find((c) => c.id === message.chatId);
  const chat: ChatItem = {
    ...(known ??
      {
        id: message.chatId,
        kind: "personal",
        title: message.senderName ?? "",
        unread: 0,
        muted: false,
      }),
    lastText: message.content,
    lastPreview: htmlToText(message.html),
    lastType: message.contentType,
    lastFile: message.attachments?.[0] &&
      { kind: message.attachments[0].kind, name: message.attachments[0].name },
    lastSender: message.senderName ?? undefined,
    lastAt: message.createdAt,
  };
  if (unread) chat.unread += 1;
  return { chats: [chat, ...chats.filter((c) => c.id !== message.chatId)], chat };
}
