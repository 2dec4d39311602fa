/**
 * Group commit for new messages: sends that arrive in the same turn of the event loop, or while a
 * batch is being stored, are stored together, so that the disk's fsync and the round trip are
 * shared instead of paid per message.
 *
 * A sender is checked against the chat's rights kept in memory (`send_rights.ts`) before its
 * message joins a batch. A batch is one call of the database function `store_messages`, hence one
 * round trip and one implicit transaction: it checks every message (reply target, client id not
 * used before, and that the chat's members have not changed since its sender was checked),
 * numbers the accepted ones per chat, inserts them, and announces their ids on
 * `MESSAGES_CHANNEL` in order when another process listens (`listeners.ts`); the news goes out
 * when the statement commits. Messages of a chat whose members changed meanwhile are checked
 * again and stored while the chat's row is held, before the next batch. A batch that fails as a
 * whole (the same client id sent twice at once, say) is stored again one message at a time, so
 * every sender gets its own answer.
 *
 * The process that stored a batch does not wait for its announcements: it hands the messages to
 * its own listeners as the statement returns (`watchStored`), and every announcement names the
 * process it came from, so that the process can pass over its own.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { uniqueViolation } from "../db/mod.ts";
import type { Connection } from "../ws/connection.ts";
import type { ContentType, Message, Outgoing } from "./messages.ts";
import {
  forgetRights,
  keptRightsToSend,
  readRights,
  refusalOf,
  rightsToSend,
  type SendRights,
} from "./send_rights.ts";

export const MESSAGES_CHANNEL = "parley_messages";

/** A stored message and the members of its chat, to whom it goes. */
export interface StoredNews {
  message: Message;
  userIds: Iterable<number>;
  /** The connection it was sent on, whose answer carries it. */
  sentOn?: Connection;
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

/** The chat's members changed after the message's sender was checked. */
const STALE = Symbol("stale");

interface Pending {
  userId: number;
  outgoing: Outgoing;
  sentOn?: Connection;
  rights: SendRights;
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
export function storeInBatch(
  db: Db,
  userId: number,
  outgoing: Outgoing,
  sentOn?: Connection,
): Promise<Stored> {
  const kept = keptRightsToSend(db, outgoing.chatId, userId);
  if (kept) return enqueue(db, userId, outgoing, sentOn, kept);
  return rightsToSend(db, outgoing.chatId, userId).then((rights) =>
    "refused" in rights ? rights : enqueue(db, userId, outgoing, sentOn, rights)
  );
}

function enqueue(
  db: Db,
  userId: number,
  outgoing: Outgoing,
  sentOn: Connection | undefined,
  rights: SendRights,
): Promise<Stored> {
  const queue = queueOf(db);
  const { promise, resolve, reject } = Promise.withResolvers<Stored>();
  queue.items.push({ userId, outgoing, sentOn, rights, resolve, reject });
  startDraining(db, queue);
  return promise;
}

function startDraining(db: Db, queue: Queue): void {
  if (queue.draining) return;
  queue.draining = true;
  // Frames that arrived in this turn of the event loop are read before the batch starts.
  setImmediate(() => void drain(db, queue));
}

async function drain(db: Db, queue: Queue): Promise<void> {
  // Where statements run off this thread (PostgreSQL's server, PGlite's worker), the next batch can
  // be stored while this thread answers and pushes the last one: at 5,000 msg/s on PostgreSQL that
  // took p99 latency from 42 to 32 ms and the most messages a second up by 5%, and on PGlite's
  // worker at 6,000 msg/s p50 from 9.7–21.8 to 5.7–9.2 ms. Where they run in this thread, sending
  // the next batch first would only hold the answers back for as long as its statement runs.
  const overlap = db.runsApart;
  let batch = queue.items.splice(0, MAX_BATCH);
  let storing = storeAll(db.dedicated(), queue, batch);
  while (batch.length > 0) {
    const done = batch;
    let outcomes: (Stored | typeof STALE)[] | undefined;
    try {
      outcomes = await storing;
    } catch {
      // Queued on the connection ahead of the next batch, so each chat keeps its order.
      storeEachAlone(db, queue, done);
    }
    const results: Stored[] = [];
    const settled: Pending[] = [];
    const stale: Pending[] = [];
    outcomes?.forEach((outcome, i) => {
      if (outcome === STALE) return stale.push(done[i]);
      settled.push(done[i]);
      results.push(outcome);
    });
    // Before the next batch, so each chat keeps its order.
    if (stale.length > 0) await storeHoldingChats(db, queue, stale);
    if (!overlap) settle(queue, settled, results);
    batch = queue.items.splice(0, MAX_BATCH);
    if (batch.length > 0) storing = storeAll(db.dedicated(), queue, batch);
    // postgres.js writes a statement of 1 KiB or more to its socket in this turn's microtasks, so
    // settling in the check phase comes after that write (a shorter one waits for a setImmediate
    // of its own, queued after this one: a small batch overlaps less).
    if (overlap) setImmediate(settle, queue, settled, results);
  }
  queue.draining = false;
}

/**
 * Stores messages whose chats' members changed after their senders were checked: each chat's in a
 * transaction that holds the chat's row, which every change of its members must update, so that
 * the check and the store see the same members however often they change.
 */
async function storeHoldingChats(db: Db, queue: Queue, stale: Pending[]): Promise<void> {
  const byChat = Map.groupBy(stale, (pending) => pending.outgoing.chatId);
  forgetRights(db, byChat.keys());
  for (const [chatId, pendings] of byChat) {
    try {
      const { allowed, outcomes } = await db.transaction(async (tx) => {
        await tx.query("select 1 from chats where id = $1 for update", [chatId]);
        const rights = await readRights(tx, chatId);
        const allowed: Pending[] = [];
        for (const pending of pendings) {
          const refused = refusalOf(rights, pending.userId);
          if (refused) pending.resolve({ refused });
          else allowed.push({ ...pending, rights: rights! });
        }
        return { allowed, outcomes: allowed.length ? await storeAll(tx, queue, allowed) : [] };
      });
      if (outcomes.includes(STALE)) throw new Error("A held chat's members changed");
      settle(queue, allowed, outcomes as Stored[]);
    } catch (error) {
      for (const pending of pendings) pending.reject(error);
    }
  }
}

/** Answers each message of a stored batch and tells the listeners. */
function settle(queue: Queue, batch: Pending[], results: Stored[]): void {
  batch.forEach((pending, i) => pending.resolve(results[i]));
  tell(queue, results);
}

/** The path for a batch that failed: each message stored by itself, in the batch's order. */
function storeEachAlone(db: Db, queue: Queue, batch: Pending[]): void {
  for (const pending of batch) {
    storeAlone(db, queue, pending).then(async (stored) => {
      if (stored !== STALE) {
        pending.resolve(stored);
        return tell(queue, [stored]);
      }
      await storeHoldingChats(db, queue, [pending]);
    }).catch(pending.reject);
  }
}

function tell(queue: Queue, results: Stored[]): void {
  const stored = results.filter((result) => "message" in result);
  if (stored.length === 0) return;
  for (const listener of queue.listeners) listener(stored);
}

/** One message of a failed batch: a client id stored meanwhile is a duplicate. */
async function storeAlone(db: Db, queue: Queue, pending: Pending): Promise<Stored | typeof STALE> {
  try {
    const [stored] = await storeAll(db.dedicated(), queue, [pending]);
    return stored;
  } catch (error) {
    if (uniqueViolation(error) === "messages_client_id_key") return { refused: "duplicate" };
    throw error;
  }
}

/** The batch's statement: see `db/migrations/0016_store_messages_in_fewer_steps.sql`. */
const STORE_MESSAGES = "select * from store_messages($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/**
 * Stores an empty batch, so that the statement is planned on its connection before a message
 * waits for it: the first call takes 10–60 ms, the next ones one or two.
 */
export async function prepareBatches(db: Db): Promise<void> {
  await storeAll(db.dedicated(), queueOf(db), []);
}

/** What `store_messages` says of one message of the batch. */
type Outcome =
  | [refusal: Refusal | "stale"]
  | [refusal: null, id: number, seq: number, senderName: string, avatarVersion: number];

/** Stores `batch` in one statement on `on`: the batches' own connection, or a transaction. */
async function storeAll(
  on: Queryable,
  queue: Queue,
  batch: Pending[],
): Promise<(Stored | typeof STALE)[]> {
  const [answer] = await on.query<{ stored_at: Date; outcomes: Outcome[] | null }>(
    STORE_MESSAGES,
    [
      batch.map((p) => p.outgoing.chatId),
      batch.map((p) => p.userId),
      batch.map((p) => p.outgoing.content),
      batch.map((p) => p.outgoing.contentType ?? "text"),
      batch.map((p) => p.outgoing.clientId ?? null),
      batch.map((p) => p.outgoing.replyTo ?? null),
      batch.map((p) => p.rights.version),
      MESSAGES_CHANNEL,
      queue.origin,
    ],
  );
  // No outcomes when the batch is empty.
  const outcomes = answer.outcomes ?? [];
  return batch.map(({ userId, outgoing, sentOn, rights }, i) => {
    const outcome = outcomes[i];
    if (outcome[0] === "stale") return STALE;
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
      contentType: (outgoing.contentType ?? "text") as ContentType,
      clientId: outgoing.clientId ?? null,
      replyTo: outgoing.replyTo ?? null,
      createdAt: answer.stored_at,
      editedAt: null,
    };
    return { message, userIds: rights.members, sentOn };
  });
}
