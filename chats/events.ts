/**
 * What happens in chats, as every member's devices are told of it: a union tagged by `event`,
 * whose `data` is what clients receive. The transport turns each into a push frame.
 */
import type { Message } from "./message_rows.ts";

/** One event of a chat. */
export type ChatEvent =
  | { event: "message.new"; data: Message }
  | { event: "message.edited"; data: Message }
  | { event: "message.deleted"; data: { chatId: number; id: number } }
  | { event: "chat.read"; data: { chatId: number; userId: number; messageId: number } }
  | { event: "typing"; data: { chatId: number; userId: number } }
  | { event: "chat.deleted"; data: { chatId: number } };

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
