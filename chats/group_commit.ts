/**
 * Group commit for new messages: sends that arrive in the same turn of the event loop, or while a
 * batch is being stored, are stored together, so that the disk's fsync and the round trip are
 * shared instead of paid per message.
 *
 * A batch is one statement, hence one round trip and one implicit transaction: it checks every
 * message (member, not blocked, reply target, client id not used before), numbers the accepted
 * ones per chat, inserts them, and announces each on `MESSAGES_CHANNEL` in order; the news goes
 * out when the statement commits. A batch that fails as a whole (the same client id sent twice
 * at once, say) is stored again one message at a time, so every sender gets its own answer.
 *
 * The process that stored a batch does not wait for its announcements: it hands the messages to
 * its own listeners as the statement returns (`watchStored`), and every announcement names the
 * process it came from, so that the process can pass over its own.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { uniqueViolation } from "../db/mod.ts";
import type { ContentType, Message, Outgoing } from "./messages.ts";

export const MESSAGES_CHANNEL = "parley_messages";

/** A stored message and the members of its chat, to whom it goes. */
export interface StoredNews {
  message: Message;
  userIds: number[];
}

/**
 * What a stored message's announcement carries besides the process it came from: the message
 * and its recipients, so that no process has to read them back; or, for a message too long for
 * a notification, its id.
 */
export type DeliveryNews = { origin: string } & (StoredNews | { id: number });

/** NOTIFY payloads must stay under 8,000 bytes; a longer message is announced by its id. */
const PAYLOAD_LIMIT = 7_900;

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
 * Returns how the announcements of those messages begin, for a listener of `MESSAGES_CHANNEL`
 * to pass over, and a function that stops the calls.
 */
export function watchStored(
  db: Db,
  listener: StoredListener,
): { ownNewsPrefix: string; stop(): void } {
  const queue = queueOf(db);
  queue.listeners.add(listener);
  return {
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
  while (queue.items.length > 0) {
    const batch = queue.items.splice(0, MAX_BATCH);
    let results: Stored[];
    try {
      results = await storeAll(db, queue, batch);
    } catch {
      for (const pending of batch) {
        storeAlone(db, queue, pending).then((stored) => {
          pending.resolve(stored);
          tell(queue, [stored]);
        }, pending.reject);
      }
      continue;
    }
    batch.forEach((pending, i) => pending.resolve(results[i]));
    tell(queue, results);
  }
  queue.draining = false;
}

function tell(queue: Queue, results: Stored[]): void {
  const stored = results.filter((result) => "message" in result);
  if (stored.length === 0) return;
  for (const listener of queue.listeners) listener(stored);
}

/** The path for a batch that failed: a client id stored meanwhile is a duplicate. */
async function storeAlone(db: Db, queue: Queue, pending: Pending): Promise<Stored> {
  try {
    const [stored] = await storeAll(db, queue, [pending]);
    return stored;
  } catch (error) {
    if (uniqueViolation(error) === "messages_client_id_key") return { refused: "duplicate" };
    throw error;
  }
}

// The statement joins its steps only on small keys (a chat, a sender) or by index, never row to
// row: a prepared statement's generic plan estimates one row per step, and a nested loop over two
// steps of a 500-message batch would cost 250,000 comparisons. So the stored rows come back on
// their own, by chat and number, and `storeAll` matches them to the batch. Lookups by an outer
// row are LATERAL … LIMIT 1 so that they stay index probes rather than a hash of the table, and
// what each chat of the batch got (its last number, its members) is gathered into one object
// read by key, rather than joined chat by message.
//
// The announcement is JSON written by concatenation: `json_build_object` looks up the type of
// each of its arguments on every call, which made it a quarter of the statement's time.
const STORE_BATCH = `
with input as (
  select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[])
    with ordinality as i (chat_id, sender_id, content, content_type, client_id, reply_to, ord)
),
senders as materialized (
  select p.chat_id, p.sender_id, case
      when m.user_id is null then 'not_member'
      when exists (select 1 from blocks where blocker_id = p.sender_id and blocked_id = o.other)
        or exists (select 1 from blocks where blocker_id = o.other and blocked_id = p.sender_id)
        then 'blocked'
    end as refusal
  from (select distinct chat_id, sender_id from input) p
  left join chat_members m on m.chat_id = p.chat_id and m.user_id = p.sender_id
  left join chats c on c.id = p.chat_id
  -- Blocks stop personal chats only: the other member of one.
  cross join lateral (select case when c.kind <> 'personal' then null
    when c.personal_low = p.sender_id then c.personal_high else c.personal_low end as other) o
),
checked as (
  select i.*, coalesce(s.refusal, case
      when i.reply_to is not null and r.id is null then 'bad_reply'
      when d.id is not null then 'duplicate'
    end) as refusal
  from input i
  join senders s using (chat_id, sender_id)
  left join lateral (
    select id from messages where id = i.reply_to and chat_id = i.chat_id limit 1
  ) r on true
  left join lateral (
    select id from messages where sender_id = i.sender_id and client_id = i.client_id limit 1
  ) d on true
),
accepted as (
  select *, row_number() over (partition by chat_id order by ord) as k,
    count(*) over (partition by chat_id) as n
  from checked where refusal is null
),
numbered as (
  update chats c set last_seq = c.last_seq + a.n
  from (select distinct chat_id, n from accepted) a where c.id = a.chat_id
  returning c.id as chat_id, c.last_seq
),
last_seqs as materialized (
  select jsonb_object_agg(chat_id, last_seq) as by_chat from numbered
),
stored as (
  insert into messages (chat_id, sender_id, content, content_type, client_id, reply_to, seq)
  select a.chat_id, a.sender_id, a.content, a.content_type, a.client_id, a.reply_to,
    (l.by_chat ->> a.chat_id::text)::bigint - a.n + a.k
  from accepted a cross join last_seqs l
  order by a.ord
  returning *
),
recipients as materialized (
  select jsonb_object_agg(nb.chat_id, (
    select jsonb_agg(user_id) from chat_members where chat_id = nb.chat_id
  )) as by_chat from numbered nb
),
described as (
  select s.*, coalesce(u.display_name, u.username) as sender_name,
    coalesce(u.avatar_version, 0) as avatar_version,
    '{"origin":"' || $9 || '","message":{"id":' || s.id::text || ',"chatId":' || s.chat_id::text
      || ',"seq":' || s.seq::text || ',"senderId":' || s.sender_id::text
      || ',"senderName":' || to_json(coalesce(u.display_name, u.username))::text
      || ',"senderDeleted":false,"senderAvatarVersion":' || coalesce(u.avatar_version, 0)::text
      || ',"content":' || to_json(s.content)::text
      || ',"contentType":"' || s.content_type || '"'
      || ',"clientId":' || coalesce(to_json(s.client_id)::text, 'null')
      || ',"replyTo":' || coalesce(s.reply_to::text, 'null')
      || ',"createdAt":"' || to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      || '","editedAt":null},"userIds":' || (rc.by_chat -> s.chat_id::text)::text || '}' as news,
    rc.by_chat -> s.chat_id::text as user_ids
  from stored s join users u on u.id = s.sender_id cross join recipients rc
),
-- With ORDER BY, volatile functions run after the sort: the news goes out in the batch's order.
announced as (
  select id, chat_id, seq, created_at, sender_name, avatar_version, user_ids, pg_notify($7,
    case when octet_length(news) <= $8 then news else '{"origin":"' || $9 || '","id":' || id::text || '}' end)
  from described order by id
)
select ord, refusal, chat_id, null::bigint as id, null::bigint as seq,
  null::timestamptz as created_at, null::text as sender_name, null::int as avatar_version,
  null::jsonb as user_ids
from checked
union all
select null, null, chat_id, id, seq, created_at, sender_name, avatar_version, user_ids
from announced`;

interface Row {
  /** Set on a row for each message of the batch, with its refusal if any. */
  ord: number | null;
  refusal: Refusal | null;
  chat_id: number;
  /** Set on a row for each message stored. */
  id: number;
  seq: number;
  created_at: Date;
  sender_name: string;
  avatar_version: number;
  user_ids: number[];
}

async function storeAll(db: Queryable, queue: Queue, batch: Pending[]): Promise<Stored[]> {
  const rows = await db.query<Row>(STORE_BATCH, [
    batch.map((p) => p.outgoing.chatId),
    batch.map((p) => p.userId),
    batch.map((p) => p.outgoing.content),
    batch.map((p) => p.outgoing.contentType ?? "text"),
    batch.map((p) => p.outgoing.clientId ?? null),
    batch.map((p) => p.outgoing.replyTo ?? null),
    MESSAGES_CHANNEL,
    PAYLOAD_LIMIT,
    queue.origin,
  ]);
  const verdicts: (Refusal | null)[] = [];
  // Each chat's stored rows in number order: they go to its accepted messages in batch order.
  const storedByChat = new Map<number, Row[]>();
  for (const row of rows) {
    if (row.ord !== null) verdicts[row.ord - 1] = row.refusal;
    else if (storedByChat.has(row.chat_id)) storedByChat.get(row.chat_id)!.push(row);
    else storedByChat.set(row.chat_id, [row]);
  }
  for (const stored of storedByChat.values()) stored.sort((a, b) => a.seq - b.seq);
  return batch.map(({ userId, outgoing }, i): Stored => {
    const refused = verdicts[i];
    if (refused) return { refused };
    const row = storedByChat.get(outgoing.chatId)!.shift()!;
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
