/** Chats as the chat list shows them, in the browser and in the server's first rendering. */
import { avatarUrl } from "../../accounts/users.ts";
import type { ChatSummary } from "../../chats/list.ts";
import type { Message } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";

export interface ChatItem {
  id: number;
  title: string;
  avatar?: string;
  lastText?: string;
  lastSender?: string;
  lastAt?: string;
  unread: number;
  muted: boolean;
}

/** The list item for a chat of `chats.list`, or of the server's own reading. */
export function toChatItem(chat: ChatSummary | Wire<ChatSummary>, deletedUser: string): ChatItem {
  const deleted = chat.other?.deleted ?? false;
  const at = chat.last?.at;
  return {
    id: chat.id,
    title: deleted ? deletedUser : chat.title,
    avatar: chat.other && !deleted ? avatarUrl(chat.other) : undefined,
    lastText: chat.last?.content,
    lastSender: chat.last?.senderName ?? undefined,
    lastAt: at === undefined ? undefined : typeof at === "string" ? at : at.toISOString(),
    unread: chat.unread,
    muted: chat.muted,
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
    ...(known ?? { id: message.chatId, title: message.senderName ?? "", unread: 0, muted: false }),
    lastText: message.content,
    lastSender: message.senderName ?? undefined,
    lastAt: message.createdAt,
  };
  if (unread) chat.unread += 1;
  return { chats: [chat, ...chats.filter((c) => c.id !== message.chatId)], chat };
}
