/** Messages as the messenger shows them, in the browser and in the server's first rendering. */
import type { Attachment, Message, MessageType, Reaction } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";

export interface MessageItem {
  id: number;
  senderId: number | null;
  senderName: string | null;
  senderAvatarVersion?: number;
  content: string;
  /** `system` for a group's notes ("Anna added Boris"); otherwise what was sent. */
  type?: MessageType;
  createdAt: string;
  editedAt?: string | null;
  replyTo?: number | null;
  clientId?: string | null;
  /** Written here, not yet acknowledged by the server (and shown as plain text until it is). */
  pending?: boolean;
  /** The text as the server rendered it. */
  html?: string;
  attachments?: Wire<Attachment>[];
  reactions?: Reaction[];
  forwardedFrom?: string;
}

/** A message as the server sends it (or, on the server, as it reads it) as a list item. */
export function toMessageItem(m: Message | Wire<Message>): MessageItem {
  const iso = (date: Date | string) => typeof date === "string" ? date : date.toISOString();
  return {
    id: m.id,
    senderId: m.senderId,
    senderName: m.senderName,
    senderAvatarVersion: m.senderAvatarVersion,
    content: m.content,
    type: m.contentType,
    createdAt: iso(m.createdAt),
    editedAt: m.editedAt === null ? null : iso(m.editedAt),
    replyTo: m.replyTo,
    clientId: m.clientId,
    html: m.html,
    ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    ...(m.reactions?.length ? { reactions: m.reactions } : {}),
    ...(m.forwardedFrom !== undefined ? { forwardedFrom: m.forwardedFrom } : {}),
  };
}

/** A message written here and waiting in the outbox. */
export function pendingItem(
  me: { id: number; name: string },
  item: {
    clientId: string;
    content: string;
    createdAt: string;
    replyTo?: number;
    contentType?: "sticker";
    attachments?: Wire<Attachment>[];
  },
): MessageItem {
  return {
    id: Number.MAX_SAFE_INTEGER,
    senderId: me.id,
    senderName: me.name,
    content: item.content,
    type: item.contentType,
    createdAt: item.createdAt,
    replyTo: item.replyTo,
    clientId: item.clientId,
    pending: true,
    attachments: item.attachments,
  };
}

/** Adds `incoming` to `list` once, keeping the order of ids; pending ones stay last. */
export function merge(list: MessageItem[], incoming: MessageItem[]): MessageItem[] {
  const byClientId = new Set(incoming.map((m) => m.clientId).filter(Boolean));
  const kept = list.filter((m) => !(m.pending && m.clientId && byClientId.has(m.clientId)));
  const stored = new Map(kept.filter((m) => !m.pending).map((m) => [m.id, m]));
  for (const m of incoming) stored.set(m.id, m);
  return [...[...stored.values()].sort((a, b) => a.id - b.id), ...kept.filter((m) => m.pending)];
}
