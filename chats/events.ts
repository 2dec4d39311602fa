/**
 * Chat events besides new messages (edits, deletions, typing, a chat removed), announced on one
 * channel so every process pushes them to the chat's members, or to the users named.
 */
import type { Queryable } from "../db/mod.ts";

export const CHAT_EVENTS_CHANNEL = "parley_chat_events";

/** One event: pushed as `event` with `data` to the chat's members, or to `userIds`. */
export interface ChatEvent {
  chatId: number;
  event: string;
  data: unknown;
  userIds?: number[];
}

/** Announces `event`; inside a transaction it goes out on commit. */
export async function announce(db: Queryable, event: ChatEvent): Promise<void> {
  await db.query("select pg_notify($1, $2)", [CHAT_EVENTS_CHANNEL, JSON.stringify(event)]);
}
