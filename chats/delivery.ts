/**
 * Delivery: every process pushes each stored message to the open connections of the chat's
 * members, the sender's other tabs included, but not the connection that sent it: its answer
 * carried it. A process pushes the messages it stored itself as soon as they commit; those of
 * other processes it learns from their announcements (NOTIFY on `MESSAGES_CHANNEL` of their ids,
 * sent as they commit to the processes listed in `message_listeners`, see `listeners.ts`) and
 * reads back, pushing them one announcement after another so that they keep the order they were
 * stored in.
 */
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Connection } from "../ws/connection.ts";
import type { Hub } from "../ws/hub.ts";
import { Serialized } from "../ws/serialized.ts";
import { CHAT_EVENTS_CHANNEL, type ChatEvent } from "./events.ts";
import { type DeliveryNews, MESSAGES_CHANNEL, watchStored } from "./group_commit.ts";
import { joinListeners } from "./listeners.ts";
import { loadWithRecipients, type Message, messageJson, READS_CHANNEL } from "./messages.ts";

/** Starts pushing stored messages; resolves to a function that stops it. */
export async function startDelivery(
  options: { db: Db; hub: Hub; log: Logger },
): Promise<() => Promise<void>> {
  const { db, hub, log } = options;
  let queue = Promise.resolve();
  /** A chat's members, to whom its read receipts and events go. */
  const members = async (chatId: number) => {
    const rows = await db.query<{ user_id: number }>(
      "select user_id from chat_members where chat_id = $1",
      [chatId],
    );
    return new Set(rows.map((row) => row.user_id));
  };
  const enqueue = (work: () => Promise<void>, context: Record<string, unknown>) => {
    queue = queue.then(work).catch((error) => log.error("Delivery failed", { ...context, error }));
  };
  // The connection that sent a message has it in its answer.
  const push = (message: Message, userIds: Iterable<number>, sentOn?: Connection) =>
    hub.pushToUsers(userIds, "message.new", new Serialized(messageJson(message)), sentOn);
  const own = watchStored(db, (stored) => {
    for (const { message, userIds, sentOn } of stored) {
      try {
        push(message, userIds, sentOn);
      } catch (error) {
        log.error("Delivery failed", { messageId: message.id, error });
      }
    }
  });
  const stopMessages = await db.listen(MESSAGES_CHANNEL, (payload) => {
    if (payload.startsWith(own.ownNewsPrefix)) return;
    let news: DeliveryNews;
    try {
      news = JSON.parse(payload);
    } catch (error) {
      // A notification no one can read must not stop the ones after it.
      log.error("Unreadable message news", { payload: payload.slice(0, 200), error });
      return;
    }
    if (!Array.isArray(news?.ids)) {
      log.error("Unreadable message news", { payload: payload.slice(0, 200) });
      return;
    }
    // Read at once, pushed in turn: the reads of several notifications overlap, and their pushes
    // keep the order the notifications came in.
    const reading = loadWithRecipients(db, news.ids);
    reading.catch(() => {}); // reported in turn, below
    enqueue(async () => {
      for (const { message, userIds } of await reading) push(message, userIds);
    }, { messageIds: news.ids.slice(0, 10) });
  });
  // Listed only once it listens: from then on, other processes announce what they store.
  const leave = await joinListeners(db, own.origin, {
    onError: (error) => log.warn("Could not update this process's listener entry", { error }),
  });
  // Read receipts: the sender's ✓ becomes ✓✓ on every device.
  const stopReads = await db.listen(READS_CHANNEL, (payload) => {
    enqueue(async () => {
      const read = JSON.parse(payload) as { chatId: number; userId: number; messageId: number };
      hub.pushToUsers(await members(read.chatId), "chat.read", read);
    }, { read: payload });
  });
  const stopEvents = await db.listen(CHAT_EVENTS_CHANNEL, (payload) => {
    enqueue(async () => {
      const { chatId, event, data, userIds } = JSON.parse(payload) as ChatEvent;
      hub.pushToUsers(userIds ?? await members(chatId), event, data);
    }, { event: payload.slice(0, 200) });
  });
  return async () => {
    own.stop();
    await leave();
    await stopMessages();
    await stopReads();
    await stopEvents();
    await queue;
  };
}
