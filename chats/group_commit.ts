/**
 * Group commit for new messages: sends that arrive in the same turn of the event loop, or while a
 * batch is being stored, are stored together by one call of `store_messages`
 * (`db/functions/store_messages.sql`), so that the round trip and the commit's flush to disk are
 * shared instead of paid per message. The statement checks, numbers, stores and announces the
 * batch; as it returns, the messages go to this process's subscribers (`event_bus.ts`).
 *
 * A client id sent twice in one batch is stored once, and both senders get that message; a client
 * id the sender used before gets the message stored then, in the same round trip.
 */
import type { Db } from "../db/mod.ts";
import { BusyError } from "../framework/http_error.ts";
import { deliverHere, EVENTS_CHANNEL, originOf } from "./event_bus.ts";
import type { Delivery } from "./events.ts";
import {
  type AttachmentRecord,
  type ContentType,
  fromJsonRow,
  htmlOf,
  loadByClientId,
  type Message,
  type MessageJsonRow,
  withUrls,
} from "./message_rows.ts";

/** Messages stored in one statement at most. */
const MAX_BATCH = 500;
/**
 * Messages waiting for the batch in progress, at most. Beyond it a send is refused at once (503,
 * try again in a second) instead of queued: past what the database stores, a longer queue only
 * makes every message later and the server's memory larger, and stores nothing more.
 */
export const MAX_WAITING = MAX_BATCH;

/** What a member sends. */
export interface Outgoing {
  chatId: number;
  content: string;
  contentType?: ContentType;
  /** The sender's own id for the message: sending it again returns the first one. */
  clientId?: string;
  replyTo?: number;
  /** Its files, described from their uploads (`files/attachments.ts`). */
  attachments?: AttachmentRecord[];
}

/** Why a message was not stored. */
export type Refusal = "not_member" | "blocked" | "bad_reply" | "bad_attachment";

/** What became of a message: stored now or before (`duplicate`), or refused. */
export type Stored = { message: Message; duplicate: boolean } | { refused: Refusal };

interface Pending {
  userId: number;
  outgoing: Outgoing;
  /** Passed on with the message's event: see `Delivery.source`. */
  source: unknown;
  resolve(stored: Stored): void;
  reject(error: unknown): void;
}

/** The batches of one database pool: one process's, or a test's stand-in for one. */
interface Queue {
  items: Pending[];
  draining: boolean;
}

const queues = new WeakMap<Db, Queue>();

function queueOf(db: Db): Queue {
  let queue = queues.get(db);
  if (!queue) queues.set(db, queue = { items: [], draining: false });
  return queue;
}

/** Stores `outgoing` with whatever else is waiting; resolves when its batch has committed. */
export function storeInBatch(
  db: Db,
  userId: number,
  outgoing: Outgoing,
  source?: unknown,
): Promise<Stored> {
  const queue = queueOf(db);
  if (queue.items.length >= MAX_WAITING) {
    return Promise.reject(new BusyError("messages being stored"));
  }
  const { promise, resolve, reject } = Promise.withResolvers<Stored>();
  queue.items.push({ userId, outgoing, source, resolve, reject });
  if (!queue.draining) {
    queue.draining = true;
    // Frames that arrived in this turn of the event loop are read before the batch starts.
    setImmediate(() => void drain(db, queue));
  }
  return promise;
}

async function drain(db: Db, queue: Queue): Promise<void> {
  while (queue.items.length > 0) {
    const batch = queue.items.splice(0, MAX_BATCH);
    try {
      deliverHere(db, await settle(db, await store(db, batch)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
  queue.draining = false;
}

/** What `store_messages` answers. */
interface Answer {
  storedAt: string;
  outcomes: Outcome[];
  members: Record<string, number[]>;
}

type Outcome =
  | [refusal: Refusal]
  | [duplicate: "duplicate", earlier: MessageJsonRow | null]
  | [refusal: null, id: number, seq: number, senderName: string, avatarVersion: number];

const STORE_MESSAGES = "select store_messages($1, $2, $3, $4, $5, $6, $7, $8, $9) as answer";

/** A batch as stored: its messages, each client id once, and the statement's answer. */
interface StoredBatch {
  batch: Pending[];
  unique: Pending[];
  /** For each message of `batch`, its place in `unique`. */
  slot: number[];
  answer: Answer;
}

/** Stores `batch` in one statement. */
async function store(db: Db, batch: Pending[]): Promise<StoredBatch> {
  // A client id sent twice in one batch goes in once; its copies share the first's outcome.
  const firstOf = new Map<string, number>();
  const unique: Pending[] = [];
  const slot = batch.map((pending) => {
    const { clientId } = pending.outgoing;
    const key = clientId === undefined ? undefined : `${pending.userId}:${clientId}`;
    const first = key === undefined ? undefined : firstOf.get(key);
    if (first !== undefined) return first;
    if (key !== undefined) firstOf.set(key, unique.length);
    unique.push(pending);
    return unique.length - 1;
  });

  const [{ answer }] = await db.query<{ answer: Answer }>(STORE_MESSAGES, [
    unique.map((p) => p.outgoing.chatId),
    unique.map((p) => p.userId),
    unique.map((p) => p.outgoing.content),
    unique.map((p) => p.outgoing.contentType ?? "text"),
    unique.map((p) => p.outgoing.clientId ?? null),
    unique.map((p) => p.outgoing.replyTo ?? null),
    unique.map((p) => p.outgoing.attachments ? JSON.stringify(p.outgoing.attachments) : null),
    EVENTS_CHANNEL,
    originOf(db),
  ]);
  return { batch, unique, slot, answer };
}

/** Answers each sender of a stored batch and returns the events to deliver. */
async function settle(db: Db, { batch, unique, slot, answer }: StoredBatch): Promise<Delivery[]> {
  const storedAt = new Date(answer.storedAt);
  const outcomes = await Promise.all(
    unique.map((pending, i) => outcomeOf(db, pending, answer.outcomes[i], storedAt)),
  );
  const deliveries: Delivery[] = [];
  outcomes.forEach((stored, i) => {
    if (!("message" in stored) || stored.duplicate) return;
    const { message } = stored;
    const { source } = unique[i];
    deliveries.push({
      event: { event: "message.new", data: message },
      userIds: answer.members[message.chatId] ?? [],
      ...(source === undefined ? {} : { source }),
    });
  });
  batch.forEach((pending, i) => {
    const stored = outcomes[slot[i]];
    // A copy of a message stored in this batch is, for its sender, a message stored before.
    const copy = unique[slot[i]] !== pending && "message" in stored;
    pending.resolve(copy ? { message: stored.message, duplicate: true } : stored);
  });
  return deliveries;
}

/** One message's outcome, as its sender gets it. */
async function outcomeOf(
  db: Db,
  { userId, outgoing }: Pending,
  outcome: Outcome,
  storedAt: Date,
): Promise<Stored> {
  if (outcome[0] === "duplicate") {
    // Null only when another process stored the client id a moment ago, for another chat.
    const earlier = outcome[1] ? fromJsonRow(outcome[1]) : await loadByClientId(
      db,
      userId,
      outgoing.clientId!,
    );
    return { message: earlier!, duplicate: true };
  }
  if (outcome[0] !== null) return { refused: outcome[0] };
  const [, id, seq, senderName, avatarVersion] = outcome;
  const message: Message = {
    id,
    chatId: outgoing.chatId,
    seq,
    senderId: userId,
    senderName,
    senderDeleted: false,
    senderAvatarVersion: avatarVersion,
    content: outgoing.content,
    contentType: outgoing.contentType ?? "text",
    clientId: outgoing.clientId ?? null,
    replyTo: outgoing.replyTo ?? null,
    createdAt: storedAt,
    editedAt: null,
    attachments: withUrls(outgoing.attachments ?? []),
    html: htmlOf(outgoing.content, outgoing.contentType ?? "text"),
  };
  return { message, duplicate: false };
}
