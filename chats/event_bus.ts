/**
 * The one path every chat event takes. A change and its announcement commit in one transaction:
 * the announcement is a NOTIFY on `EVENTS_CHANNEL`, which PostgreSQL sends on commit. The process
 * that made the change hands the events to its own subscribers as soon as it has committed; the
 * other processes learn them from the NOTIFY, which names the process it came from so that this
 * one can pass over its own.
 *
 * A NOTIFY holds under 8,000 bytes, so a message travels by its id and is read back by the
 * processes that hear of it, and an event's list of users is left out when it is long: they are
 * then the chat's members as the hearing process reads them.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { membersOf } from "./access.ts";
import { carriesMessage, type ChatEvent, type Delivery } from "./events.ts";
import { loadMessages, type Message } from "./message_rows.ts";

export const EVENTS_CHANNEL = "parley_events";

/** Bytes of a notification, within PostgreSQL's limit with room for the envelope. */
const MAX_PAYLOAD = 7_500;

/** Told of events, in the order they committed; it must not throw. */
export type Subscriber = (deliveries: readonly Delivery[]) => void;

/** An event as announced to other processes. */
export type AnnouncedEvent =
  | { event: ChatEvent["event"]; messageId: number }
  | { event: ChatEvent["event"]; data: unknown; userIds?: readonly number[] };

/** One notification: the process it came from and its events. */
export interface Announcement {
  origin: string;
  events: AnnouncedEvent[];
}

/** The subscribers of one database pool: one process's, or a test's stand-in for one. */
interface Bus {
  origin: string;
  subscribers: Set<Subscriber>;
}

const buses = new WeakMap<Db, Bus>();

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) buses.set(db, bus = { origin: crypto.randomUUID(), subscribers: new Set() });
  return bus;
}

/** The name this process's announcements carry. */
export function originOf(db: Db): string {
  return busOf(db).origin;
}

/** Calls `subscriber` with every event of this process and, once `listen` runs, of the others. */
export function subscribe(db: Db, subscriber: Subscriber): () => void {
  const { subscribers } = busOf(db);
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

/** Hands events that committed in this process to its subscribers. */
export function deliverHere(db: Db, deliveries: readonly Delivery[]): void {
  if (deliveries.length === 0) return;
  for (const subscriber of busOf(db).subscribers) subscriber(deliveries);
}

/**
 * Runs `work` in a transaction; what it emits is announced in that transaction and handed to this
 * process's subscribers once it has committed.
 */
export async function withEvents<T>(
  db: Db,
  work: (tx: Queryable, emit: (delivery: Delivery) => void) => Promise<T>,
): Promise<T> {
  const emitted: Delivery[] = [];
  const result = await db.transaction(async (tx) => {
    const value = await work(tx, (delivery) => emitted.push(delivery));
    await announce(tx, db, emitted);
    return value;
  });
  deliverHere(db, emitted);
  return result;
}

/** Tells every process of events that change nothing stored, such as typing. */
export async function tell(db: Db, deliveries: Delivery[]): Promise<void> {
  await announce(db, db, deliveries);
  deliverHere(db, deliveries);
}

/** Announces `deliveries` on `on` (a transaction: on its commit) to the other processes. */
async function announce(on: Queryable, db: Db, deliveries: readonly Delivery[]): Promise<void> {
  for (const payload of payloads(originOf(db), deliveries)) {
    await on.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, payload]);
  }
}

/** The notifications that carry `deliveries`, each under `MAX_PAYLOAD` bytes. */
export function payloads(origin: string, deliveries: readonly Delivery[]): string[] {
  const head = `{"origin":${JSON.stringify(origin)},"events":[`;
  const encoder = new TextEncoder();
  const done: string[] = [];
  let parts: string[] = [];
  let size = head.length;
  for (const { event, userIds } of deliveries) {
    let part = JSON.stringify(
      carriesMessage(event)
        ? { event: event.event, messageId: event.data.id }
        : { event: event.event, data: event.data, userIds },
    );
    let bytes = encoder.encode(part).length;
    if (bytes > MAX_PAYLOAD - head.length) {
      part = JSON.stringify({ event: event.event, data: event.data });
      bytes = encoder.encode(part).length;
    }
    if (parts.length > 0 && size + bytes + 1 > MAX_PAYLOAD) {
      done.push(`${head}${parts.join(",")}]}`);
      parts = [];
      size = head.length;
    }
    parts.push(part);
    size += bytes + 1;
  }
  if (parts.length > 0) done.push(`${head}${parts.join(",")}]}`);
  return done;
}

/**
 * Listens for the other processes' announcements and hands their events to this process's
 * subscribers, one announcement after another, in the order they came. Resolves to a function
 * that stops it.
 */
export async function listen(
  db: Db,
  onError: (error: unknown, payload: string) => void,
): Promise<() => Promise<void>> {
  const own = `{"origin":${JSON.stringify(originOf(db))},`;
  let queue = Promise.resolve();
  const stop = await db.listen(EVENTS_CHANNEL, (payload) => {
    if (payload.startsWith(own)) return;
    // Read at once, delivered in turn: the reads of several announcements overlap, and their
    // deliveries keep the order the announcements came in.
    const reading = readAnnouncement(db, payload);
    reading.catch(() => {}); // reported in turn, below
    queue = queue
      .then(async () => deliverHere(db, await reading))
      .catch((error) => onError(error, payload));
  });
  return async () => {
    await stop();
    await queue;
  };
}

/** The deliveries an announcement stands for, with its messages and members read back. */
async function readAnnouncement(db: Db, payload: string): Promise<Delivery[]> {
  const { events } = JSON.parse(payload) as Announcement;
  if (!Array.isArray(events)) throw new Error("An announcement without events");
  const messageIds = events.flatMap((e) => "messageId" in e ? [e.messageId] : []);
  const messages = new Map<number, Message>();
  for (const message of await loadMessages(db, messageIds)) messages.set(message.id, message);
  const chatIds = [
    ...[...messages.values()].map((m) => m.chatId),
    ...events.flatMap((e) =>
      "data" in e && !e.userIds ? [(e.data as { chatId: number }).chatId] : []
    ),
  ];
  const members = chatIds.length > 0 ? await membersOf(db, chatIds) : new Map();
  const deliveries: Delivery[] = [];
  for (const announced of events) {
    if ("messageId" in announced) {
      const message = messages.get(announced.messageId);
      if (!message) continue; // deleted since
      const event = { event: announced.event, data: message } as ChatEvent;
      deliveries.push({ event, userIds: members.get(message.chatId) ?? [] });
      continue;
    }
    const event = { event: announced.event, data: announced.data } as ChatEvent;
    const chatId = (announced.data as { chatId: number }).chatId;
    deliveries.push({ event, userIds: announced.userIds ?? members.get(chatId) ?? [] });
  }
  return deliveries;
}
