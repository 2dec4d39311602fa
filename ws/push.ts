/**
 * Chat events to sockets: every event of the bus (`chats/event_bus.ts`), this process's and the
 * others', goes to the open v2 connections of the users it names.
 */
import { listen, subscribe } from "../chats/event_bus.ts";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Connection } from "./connection.ts";
import type { Hub } from "./hub.ts";

/** Starts pushing chat events; resolves to a function that stops it. */
export async function startPushing(
  options: { db: Db; hub: Hub; log: Logger },
): Promise<() => Promise<void>> {
  const { db, hub, log } = options;
  const unsubscribe = subscribe(db, (deliveries) => {
    for (const { event, userIds, source } of deliveries) {
      hub.pushToUsers(userIds, event, source as Connection | undefined);
    }
  });
  const stopListening = await listen(db, (error, payload) => {
    log.error("Could not deliver another process's events", {
      payload: payload.slice(0, 200),
      error,
    });
  });
  return async () => {
    await stopListening();
    unsubscribe();
  };
}
