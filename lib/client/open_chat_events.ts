/**
 * The events that change only the open chat's view: an edit, a deletion, pins, reactions, read
 * positions and typing. Events of other chats pass by them.
 */
import type { PushFrame } from "../../ws/protocol.ts";
import { toMessageItem } from "./message_items.ts";
import type { useMembers } from "./use_members.ts";
import type { usePins } from "./use_pins.ts";
import type { useThread } from "./use_thread.ts";

export interface OpenChatView {
  openId?: number;
  me: number;
  /** The other member of a personal chat. */
  otherId?: number;
  thread: ReturnType<typeof useThread>;
  members: ReturnType<typeof useMembers>;
  pinned: ReturnType<typeof usePins>;
  /** The other member did something: they are online. */
  seenActive(): void;
}

/** Applies `frame` to the open chat's view; false for an event this does not handle. */
export function applyToOpenChat(frame: PushFrame, view: OpenChatView): boolean {
  const { openId, thread } = view;
  switch (frame.event) {
    case "message.edited":
      if (frame.data.chatId === openId) thread.add([toMessageItem(frame.data)]);
      return true;
    case "message.deleted":
      thread.remove((m) => m.id !== frame.data.id);
      return true;
    case "chat.pins":
      if (frame.data.chatId === openId) view.pinned.set(frame.data.pins);
      return true;
    case "message.reactions":
      if (frame.data.chatId === openId) thread.react(frame.data.messageId, frame.data.reactions);
      return true;
    case "chat.read":
      if (frame.data.chatId === openId && frame.data.userId !== view.me) {
        thread.othersReadUpTo(frame.data.messageId);
        view.members.read(frame.data.userId, frame.data.messageId);
      }
      return true;
    case "typing":
      if (frame.data.chatId === openId && frame.data.userId !== view.me) {
        if (frame.data.userId === view.otherId) view.seenActive();
        thread.showTyping();
        view.members.showTyping(frame.data.userId);
      }
      return true;
  }
  return false;
}
