/**
 * Group commit for new messages: sends that arrive while a batch is being stored wait and are
 * stored together — one statement, one commit — so that the disk's fsync is shared instead of
 * paid per message. Each batch gets the chats' next sequence numbers in one update, and each
 * message's news goes out on commit, in order. A batch that fails as a whole (a resent client
 * id, say) is stored again one message at a time, so every sender gets its own answer.
 */
import type { Db, Queryable } from "../db/mod.ts";
import type { ContentType, Message, Outgoing } from "./messages.ts";

/** Messages stored in one transaction at most. */
const MAX_BATCH = 500;

interface Pending {
  userId: number;
  outgoing: Outgoing;
  resolve(message: Message): void;
  reject(error: unknown): void;
}

interface Queue {
  items: Pending[];
  draining: boolean;
}

const queues = new WeakMap<Db, Queue>();

/** How one message is stored alone, and how its news is worded; from `messages.ts`. */
export interface SingleStore {
  storeOne(db: Db, userId: number, outgoing: Outgoing): Promise<Message>;
  news(message: Message, userIds: number[]): string;
  channel: string;
}

/** Stores `outgoing` with whatever else is waiting; resolves when its batch has committed. */
export function storeInBatch(
  db: Db,
  userId: number,
  outgoing: Outgoing,
  single: SingleStore,
): Promise<Message> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, queue = { items: [], draining: false });
  const { promise, resolve, reject } = Promise.withResolvers<Message>();
  queue.items.push({ userId, outgoing, resolve, reject });
  if (!queue.draining) void drain(db, queue, single);
  return promise;
}

async function drain(db: Db, queue: Queue, single: SingleStore): Promise<void> {
  queue.draining = true;
  while (queue.items.length > 0) {
    const batch = queue.items.splice(0, MAX_BATCH);
    try {
      const messages = await db.transaction((tx) => storeAll(tx, batch, single));
      batch.forEach((pending, i) => pending.resolve(messages[i]));
    } catch {
      for (const pending of batch) {
        single.storeOne(db, pending.userId, pending.outgoing).then(pending.resolve, pending.reject);
      }
    }
  }
  queue.draining = false;
}

async function storeAll(tx: Queryable, batch: Pending[], single: SingleStore): Promise<Message[]> {
  const perChat = new Map<number, number>();
  for (const { outgoing } of batch) {
    perChat.set(outgoing.chatId, (perChat.get(outgoing.chatId) ?? 0) + 1);
  }
  const chats = await tx.query<{ id: number; last_seq: number }>(
    `update chats c set last_seq = c.last_seq + v.n
     from (select unnest($1::bigint[]) as id, unnest($2::bigint[]) as n) v
     where c.id = v.id returning c.id, c.last_seq`,
    [[...perChat.keys()], [...perChat.values()]],
  );
  const nextSeq = new Map(chats.map((c) => [c.id, c.last_seq - perChat.get(c.id)! + 1]));
  const seqs = batch.map(({ outgoing }) => {
    const seq = nextSeq.get(outgoing.chatId)!;
    nextSeq.set(outgoing.chatId, seq + 1);
    return seq;
  });
  const rows = await tx.query<{ id: number; chat_id: number; seq: number; created_at: Date }>(
    `insert into messages (chat_id, sender_id, content, content_type, client_id, reply_to, seq)
     select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                          $6::bigint[], $7::bigint[])
     on conflict (sender_id, client_id) where client_id is not null do nothing
     returning id, chat_id, seq, created_at`,
    [
      batch.map((p) => p.outgoing.chatId),
      batch.map((p) => p.userId),
      batch.map((p) => p.outgoing.content),
      batch.map((p) => p.outgoing.contentType ?? "text"),
      batch.map((p) => p.outgoing.clientId ?? null),
      batch.map((p) => p.outgoing.replyTo ?? null),
      seqs,
    ],
  );
  // A client id already stored: undo the whole batch (and its sequence numbers).
  if (rows.length !== batch.length) throw new Error("A message of the batch was sent before");
  const stored = new Map(rows.map((r) => [`${r.chat_id}:${r.seq}`, r]));

  const senders = await tx.query<{ id: number; name: string; avatar_version: number }>(
    `select id, coalesce(display_name, username) as name, avatar_version from users
     where id = any($1::bigint[])`,
    [[...new Set(batch.map((p) => p.userId))]],
  );
  const senderOf = new Map(senders.map((s) => [s.id, s]));
  const members = await tx.query<{ chat_id: number; user_id: number }>(
    "select chat_id, user_id from chat_members where chat_id = any($1::bigint[])",
    [[...perChat.keys()]],
  );
  const membersOf = new Map<number, number[]>();
  for (const m of members) membersOf.set(m.chat_id, [...membersOf.get(m.chat_id) ?? [], m.user_id]);

  const messages = batch.map(({ userId, outgoing }, i): Message => {
    const row = stored.get(`${outgoing.chatId}:${seqs[i]}`)!;
    const sender = senderOf.get(userId);
    return {
      id: row.id,
      chatId: outgoing.chatId,
      seq: row.seq,
      senderId: userId,
      senderName: sender?.name ?? null,
      senderDeleted: false,
      senderAvatarVersion: sender?.avatar_version ?? 0,
      content: outgoing.content,
      contentType: (outgoing.contentType ?? "text") as ContentType,
      clientId: outgoing.clientId ?? null,
      replyTo: outgoing.replyTo ?? null,
      createdAt: row.created_at,
      editedAt: null,
    };
  });
  await tx.query("select pg_notify($1, news) from unnest($2::text[]) as news", [
    single.channel,
    messages.map((m) => single.news(m, membersOf.get(m.chatId) ?? [])),
  ]);
  return messages;
}
