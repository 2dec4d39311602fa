/**
 * The durable relay's store: what any messenger that keeps its messages must do at the least —
 * write them to its database and commit before it answers. Sends that arrive while a batch is
 * being written wait for the next one, which is one plain multi-row INSERT into Parley's
 * `messages` table; no checks, no numbering in the database, no announcement. The database is
 * reached through Parley's own layer (`db/`), PostgreSQL's one connection or PGlite's thread, so
 * that what differs from Parley is only what Parley does with it.
 */
import type { Queryable } from "../db/mod.ts";

/** A message as the relay forwards it. */
export interface RelayMessage {
  id: number;
  chatId: number;
  senderId: number;
  clientId: string;
  content: string;
}

interface Waiting {
  message: RelayMessage;
  stored: () => void;
}

/** Returns `store(message)`, which resolves once the message is committed and has its id. */
export function batchStore(db: Queryable): (message: RelayMessage) => Promise<void> {
  // The relay is the only writer of its database: it numbers each chat's messages itself.
  const lastSeq = new Map<number, number>();
  let waiting: Waiting[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const seqs = batch.map(({ message }) => {
        const seq = (lastSeq.get(message.chatId) ?? 0) + 1;
        lastSeq.set(message.chatId, seq);
        return seq;
      });
      const rows = await db.query<{ id: number }>(
        `insert into messages (chat_id, sender_id, content, client_id, seq)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])
         returning id`,
        [
          batch.map((w) => w.message.chatId),
          batch.map((w) => w.message.senderId),
          batch.map((w) => w.message.content),
          batch.map((w) => w.message.clientId),
          seqs,
        ],
      );
      batch.forEach((w, i) => {
        w.message.id = rows[i].id;
        w.stored();
      });
    }
    writing = false;
  }

  return (message) => {
    const { promise, resolve } = Promise.withResolvers<void>();
    waiting.push({ message, stored: resolve });
    if (!writing) {
      writing = true;
      // Frames that arrived in this turn of the event loop go into the same batch.
      setImmediate(() => void drain());
    }
    return promise;
  };
}
