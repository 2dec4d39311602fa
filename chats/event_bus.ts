/**
 * The one path every chat event takes. A change and its announcement commit in one transaction:
 * the announcement is a NOTIFY on `EVENTS_CHANNEL`, which PostgreSQL sends on commit. The process
 * that made the change hands the events to its own subscribers as soon as it has committed; the
 * other processes learn them from the NOTIFY, which names the process it came from so that this
 * one can pass over its own.
 *
 * A NOTIFY holds under 8,000 bytes, so a message travels by its id and is read back by the
 * processes that hear of it, and an event's list of users is left out when it is long: they are
 * then the chat's members as the hearing process knows them (`member_cache.ts`), in the order the
 * announcements came.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { carriesMessage, type ChatEvent, type Delivery } from "./events.ts";
import { mayChangeMembers, MemberCache } from "./member_cache.ts";
import { loadMessages, type Message } from "./message_rows.ts";

export const EVENTS_CHANNEL = "parley_events";

/** Bytes of a notification, within PostgreSQL's limit with room for the envelope. */
const MAX_PAYLOAD = 7_500;

/**
 * Told of events, in the order they committed, and whether they committed in this process (or
 * came from another); it must not throw.
 */
export type Subscriber = (deliveries: readonly Delivery[], here: boolean) => void;

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
  members: MemberCache;
}

const buses = new WeakMap<Db, Bus>();

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) {
    bus = { origin: crypto.randomUUID(), subscribers: new Set(), members: new MemberCache() };
    buses.set(db, bus);
  }
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

/** Hands events to this process's subscribers: its own (`here`), or another process's. */
export function deliverHere(db: Db, deliveries: readonly Delivery[], here = true): void {
  if (deliveries.length === 0) return;
  for (const subscriber of busOf(db).subscribers) subscriber(deliveries, here);
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
  const { members } = busOf(db);
  let queue = Promise.resolve();
  const stop = await db.listen(EVENTS_CHANNEL, (payload) => {
    if (payload.startsWith(own)) {
      // Delivered already; what it changed in members is taken in turn, as the others' news is.
      if (!mayChangeMembers(payload)) return;
      queue = queue
        .then(async () => {
          await addressed(db, members, announcedEvents(payload), false);
        })
        .catch((error) => onError(error, payload));
      return;
    }
    // Read at once, addressed and delivered in turn: the reads of several announcements overlap,
    // and each is addressed to the members as the announcements before it left them.
    const reading = readAnnouncement(db, payload);
    reading.catch(() => {}); // reported in turn, below
    queue = queue
      .then(async () => deliverHere(db, await addressed(db, members, await reading, true), false))
      .catch((error) => onError(error, payload));
  });
  return async () => {
    await stop();
    await queue;
  };
}

/** An announced event read back: to `userIds`, or when absent to its chat's members. */
interface ReadEvent {
  event: ChatEvent;
  chatId: number;
  userIds?: readonly number[];
}

function eventsOf(payload: string): AnnouncedEvent[] {
  const { events } = JSON.parse(payload) as Announcement;
  if (!Array.isArray(events)) throw new Error("An announcement without events");
  return events;
}

/** An announced event that carries its data. */
function withData(announced: Extract<AnnouncedEvent, { data: unknown }>): ReadEvent {
  const event = { event: announced.event, data: announced.data } as ChatEvent;
  const chatId = (announced.data as { chatId: number }).chatId;
  return { event, chatId, userIds: announced.userIds };
}

/** An announcement's events that carry their data (no message is read back). */
function announcedEvents(payload: string): ReadEvent[] {
  return eventsOf(payload).flatMap((announced) =>
    "messageId" in announced ? [] : [withData(announced)]
  );
}

/** An announcement's events with its messages read back (those deleted since are left out). */
async function readAnnouncement(db: Db, payload: string): Promise<ReadEvent[]> {
  const events = eventsOf(payload);
  const messageIds = events.flatMap((e) => "messageId" in e ? [e.messageId] : []);
  const messages = new Map<number, Message>();
  for (const message of await loadMessages(db, messageIds)) messages.set(message.id, message);
  const read: ReadEvent[] = [];
  for (const announced of events) {
    if ("messageId" in announced) {
      const message = messages.get(announced.messageId);
      if (!message) continue;
      read.push({
        event: { event: announced.event, data: message } as ChatEvent,
        chatId: message.chatId,
      });
      continue;
    }
    read.push(withData(announced));
  }
  return read;
}

/**
 * Addresses events in order: each to its users, or to its chat's members as they are once the
 * events before it are taken in; then what it changes in members is taken in. Only the changes
 * when not `deliver`.
 */
async function addressed(
  db: Db,
  members: MemberCache,
  events: ReadEvent[],
  deliver: boolean,
): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const { event, chatId, userIds } of events) {
    if (deliver) {
      const to = userIds ?? (await members.membersOf(db, [chatId])).get(chatId) ?? [];
      deliveries.push({ event, userIds: to });
    }
    members.apply(event);
  }
  return deliveries;
}
