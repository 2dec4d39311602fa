/**
 * Delivery: every process listens for stored messages (NOTIFY on `MESSAGES_CHANNEL`, sent when
 * the message commits) and pushes each to the open connections of the chat's members, the
 * sender's other tabs included. Messages are handled one after another, so pushes keep the
 * order in which the messages were stored.
 */
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Hub } from "../ws/hub.ts";
import { loadMessage, MESSAGES_CHANNEL } from "./messages.ts";

/** Starts pushing stored messages; resolves to a function that stops it. */
export async function startDelivery(
  options: { db: Db; hub: Hub; log: Logger },
): Promise<() => Promise<void>> {
  const { db, hub, log } = options;
  let queue = Promise.resolve();
  const deliver = async (messageId: number) => {
    const message = await loadMessage(db, messageId);
    if (!message) return;
    const members = await db.query<{ user_id: number }>(
      "select user_id from chat_members where chat_id = $1",
      [message.chatId],
    );
    hub.pushToUsers(new Set(members.map((m) => m.user_id)), "message.new", message);
  };
  const unlisten = await db.listen(MESSAGES_CHANNEL, (payload) => {
    const id = Number(payload);
    queue = queue.then(() => deliver(id)).catch((error) => {
      log.error("Message delivery failed", { messageId: id, error });
    });
  });
  return async () => {
    await unlisten();
    await queue;
  };
}
