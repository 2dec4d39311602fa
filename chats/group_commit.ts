/**
 * Group commit for new messages: sends that arrive in the same turn of the event loop, or while a
 * batch is being stored, are stored together, so that the disk's fsync and the round trip are
 * shared instead of paid per message.
 *
 * A batch is one call of the database function `store_messages`, hence one round trip and one
 * implicit transaction: it checks every message (member, not blocked, reply target, client id not
 * used before), numbers the accepted ones per chat, inserts them, and announces their ids on
 * `MESSAGES_CHANNEL` in order when another process listens (`listeners.ts`); the news goes out
 * when the statement commits. A batch that fails as a whole (the same client id sent twice at
 * once, say) is stored again one message at a time, so every sender gets its own answer.
 *
 * The process that stored a batch does not wait for its announcements: it hands the messages to
 * its own listeners as the statement returns (`watchStored`), and every announcement names the
 * process it came from, so that the process can pass over its own.
 */
import type { Db } from "../db/mod.ts";
import { uniqueViolation } from "../db/mod.ts";
import type { ContentType, Message, Outgoing } from "./messages.ts";

export const MESSAGES_CHANNEL = "parley_messages";

/** A stored message and the members of its chat, to whom it goes. */
export interface StoredNews {
  message: Message;
  userIds: number[];
}

/** What an announcement of stored messages carries: the process it came from and their ids. */
export interface DeliveryNews {
  origin: string;
  ids: number[];
}

/** Messages stored in one statement at most. */
const MAX_BATCH = 500;

/** Why a message was not stored. */
export type Refusal = "not_member" | "blocked" | "bad_reply" | "duplicate";

/** What became of one message of a batch. */
export type Stored = StoredNews | { refused: Refusal };

interface Pending {
  userId: number;
  outgoing: Outgoing;
  resolve(stored: Stored): void;
  reject(error: unknown): void;
}

/** The batches of one database pool: one process's, or a test's stand-in for one. */
interface Queue {
  items: Pending[];
  draining: boolean;
  /** Names this pool's announcements. */
  origin: string;
  listeners: Set<StoredListener>;
}

/** Told of stored messages; it must not throw. */
export type StoredListener = (stored: StoredNews[]) => void;

const queues = new WeakMap<Db, Queue>();

function queueOf(db: Db): Queue {
  let queue = queues.get(db);
  if (!queue) {
    queue = { items: [], draining: false, origin: crypto.randomUUID(), listeners: new Set() };
    queues.set(db, queue);
  }
  return queue;
}

/**
 * Calls `listener` with the messages stored through `db`, in order, as each batch commits.
 * Returns the name these messages are announced under (`origin`), how their announcements begin,
 * for a listener of `MESSAGES_CHANNEL` to pass over, and a function that stops the calls.
 */
export function watchStored(
  db: Db,
  listener: StoredListener,
): { origin: string; ownNewsPrefix: string; stop(): void } {
  const queue = queueOf(db);
  queue.listeners.add(listener);
  return {
    origin: queue.origin,
    ownNewsPrefix: `{"origin":"${queue.origin}"`,
    stop: () => queue.listeners.delete(listener),
  };
}

/** Stores `outgoing` with whatever else is waiting; resolves when its batch has committed. */
export function storeInBatch(db: Db, userId: number, outgoing: Outgoing): Promise<Stored> {
  const queue = queueOf(db);
  const { promise, resolve, reject } = Promise.withResolvers<Stored>();
  queue.items.push({ userId, outgoing, resolve, reject });
  if (!queue.draining) {
    queue.draining = true;
    // Frames that arrived in this turn of the event loop are read before the batch starts.
    setImmediate(() => void drain(db, queue));
  }
  return promise;
}

async function drain(db: Db, queue: Queue): Promise<void> {
  // PostgreSQL stores in a process of its own, so it can store the next batch while this process
  // answers and pushes the last one: at 5,000 msg/s that took p99 latency from 42 to 32 ms and
  // the most messages a second up by 5%. PGlite stores in this thread, where sending the next
  // batch first would only hold the answers back for as long as its statement runs.
  const overlap = db.kind === "postgres";
  let batch = queue.items.splice(0, MAX_BATCH);
  let storing = storeAll(db, queue, batch);
  while (batch.length > 0) {
    const done = batch;
    let results: Stored[] | undefined;
    try {
      results = await storing;
    } catch {
      // Queued on the connection ahead of the next batch, so each chat keeps its order.
      storeEachAlone(db, queue, done);
    }
    if (results && !overlap) settle(queue, done, results);
    batch = queue.items.splice(0, MAX_BATCH);
    if (batch.length > 0) storing = storeAll(db, queue, batch);
    // postgres.js writes a statement of 1 KiB or more to its socket in this turn's microtasks, so
    // settling in the check phase comes after that write (a shorter one waits for a setImmediate
    // of its own, queued after this one: a small batch overlaps less).
    if (results && overlap) setImmediate(settle, queue, done, results);
  }
  queue.draining = false;
}

/** Answers each message of a stored batch and tells the listeners. */
function settle(queue: Queue, batch: Pending[], results: Stored[]): void {
  batch.forEach((pending, i) => pending.resolve(results[i]));
  tell(queue, results);
}

/** The path for a batch that failed: each message stored by itself, in the batch's order. */
function storeEachAlone(db: Db, queue: Queue, batch: Pending[]): void {
  for (const pending of batch) {
    storeAlone(db, queue, pending).then((stored) => {
      pending.resolve(stored);
      tell(queue, [stored]);
    }, pending.reject);
  }
}

function tell(queue: Queue, results: Stored[]): void {
  const stored = results.filter((result) => "message" in result);
  if (stored.length === 0) return;
  for (const listener of queue.listeners) listener(stored);
}

/** One message of a failed batch: a client id stored meanwhile is a duplicate. */
async function storeAlone(db: Db, queue: Queue, pending: Pending): Promise<Stored> {
  try {
    const [stored] = await storeAll(db, queue, [pending]);
    return stored;
  } catch (error) {
    if (uniqueViolation(error) === "messages_client_id_key") return { refused: "duplicate" };
    throw error;
  }
}

/**
 * The batch's statement: see `db/migrations/0006_store_messages.sql`, `0007_announce_ids.sql`,
 * `0008_message_listeners.sql` and `0009_store_messages_index_probes.sql`.
 */
const STORE_MESSAGES = "select * from store_messages($1, $2, $3, $4, $5, $6, $7, $8)";

/**
 * Stores an empty batch, so that the statement is planned on its connection before a message
 * waits for it: the first call takes 10–60 ms, the next ones one or two.
 */
export async function prepareBatches(db: Db): Promise<void> {
  await storeAll(db, queueOf(db), []);
}

/** What `store_messages` says of one message of the batch. */
type Row =
  & { ord: number }
  & ({ refusal: Refusal } | {
    refusal: null;
    id: number;
    seq: number;
    created_at: Date;
    sender_name: string;
    avatar_version: number;
    user_ids: number[];
  });

async function storeAll(db: Db, queue: Queue, batch: Pending[]): Promise<Stored[]> {
  const rows = await db.dedicated().query<Row>(STORE_MESSAGES, [
    batch.map((p) => p.outgoing.chatId),
    batch.map((p) => p.userId),
    batch.map((p) => p.outgoing.content),
    batch.map((p) => p.outgoing.contentType ?? "text"),
    batch.map((p) => p.outgoing.clientId ?? null),
    batch.map((p) => p.outgoing.replyTo ?? null),
    MESSAGES_CHANNEL,
    queue.origin,
  ]);
  const byOrd: Row[] = [];
  for (const row of rows) byOrd[row.ord - 1] = row;
  return batch.map(({ userId, outgoing }, i): Stored => {
    const row = byOrd[i];
    if (row.refusal !== null) return { refused: row.refusal };
    const message: Message = {
      id: row.id,
      chatId: outgoing.chatId,
      seq: row.seq,
      senderId: userId,
      senderName: row.sender_name,
      senderDeleted: false,
      senderAvatarVersion: row.avatar_version,
      content: outgoing.content,
      contentType: (outgoing.contentType ?? "text") as ContentType,
      clientId: outgoing.clientId ?? null,
      replyTo: outgoing.replyTo ?? null,
      createdAt: row.created_at,
      editedAt: null,
    };
    return { message, userIds: row.user_ids };
  });
}
