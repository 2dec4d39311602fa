/**
 * What happens in chats, as every member's devices are told of it: a union tagged by `event`,
 * whose `data` is what clients receive. The transport turns each into a push frame.
 */
import type { Message, Reaction } from "./message_rows.ts";
import type { Role } from "./group_access.ts";

/** A pinned message, as the bar at the top of its chat shows it (`pins.ts`). */
export interface Pin {
  messageId: number;
  senderName: string | null;
  /** The message's words on one line, cut short; a file's name where it has no text. */
  preview: string;
  pinnedAt: Date;
}

/** What a group's members see of it besides its members. */
export interface GroupFacts {
  chatId: number;
  title: string;
  description: string;
  /** 0 when the group has no picture. */
  pictureVersion: number;
}

/** One event of a chat. */
export type ChatEvent =
  | { event: "message.new"; data: Message }
  | { event: "message.edited"; data: Message }
  | { event: "message.deleted"; data: { chatId: number; id: number } }
  | { event: "chat.read"; data: { chatId: number; userId: number; messageId: number } }
  | { event: "typing"; data: { chatId: number; userId: number } }
  | { event: "chat.deleted"; data: { chatId: number } }
  /** A member joined, changed role, or (role null) left or was removed. */
  | { event: "group.member"; data: { chatId: number; userId: number; role: Role | null } }
  | { event: "group.updated"; data: GroupFacts }
  /** Someone came online or went; told to those who may see it (`chats/presence.ts`). */
  | {
    event: "presence";
    data: { userId: number; online: boolean; lastSeenAt: Date | null };
  }
  /** The user was invited to a group, or (title null) the invitation is gone. */
  | {
    event: "group.invitation";
    data: { chatId: number; title: string | null; invitedBy: number | null };
  }
  /** A message's reactions changed: all of them, as they now stand. */
  | {
    event: "message.reactions";
    data: { chatId: number; messageId: number; reactions: Reaction[] };
  }
  /** A chat's pinned messages changed: all of them, newest first. */
  | { event: "chat.pins"; data: { chatId: number; pins: Pin[] } }
  /** A support ticket the user asked, or (staff) any ticket, changed (`support/ticket_news.ts`). */
  | { event: "ticket.updated"; data: { ticketId: number } };

/** The name of any chat event. */
export type ChatEventName = ChatEvent["event"];

/** An event and the users it goes to. */
export interface Delivery {
  event: ChatEvent;
  /** The users whose devices get it (each named once). */
  userIds: readonly number[];
  /**
   * What the transport named as the event's source (the connection a message was sent on, whose
   * answer carries it): not told again. Only within the process it came from.
   */
  source?: unknown;
}

/** The events that carry a whole message: announced to other processes by its id alone. */
export function carriesMessage(
  event: ChatEvent,
): event is Extract<ChatEvent, { data: Message }> {
  return event.event === "message.new" || event.event === "message.edited";
}
