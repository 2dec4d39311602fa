/**
 * The database's share of a message, without sockets: Parley's own store path (checks, numbers,
 * insert, announcement, in batches of 100 sends at once), and beside it a bare INSERT of the same
 * rows in statements of 100 — the floor this machine's database sets for any durable messenger.
 */
import { sendMessage } from "../chats/messages.ts";
import type { Db } from "../db/mod.ts";
import { seedPersonalChat, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind } from "./target.ts";

export interface StoreFigures {
  /** Messages/s through `sendMessage`, 100 at once. */
  storePath: number;
  /** Rows/s of plain multi-row INSERTs into `messages`, 100 per statement. */
  bareInsert: number;
}

const AT_ONCE = 100;

export async function storeSpeed(
  kind: DbKind,
  options: { pairs: number; seconds: number },
): Promise<StoreFigures> {
  const database = await benchDatabase(kind);
  let db: Db | undefined;
  try {
    db = await database.open();
    const users = await seedUsers(db, "st", options.pairs * 2);
    const senders: { userId: number; chatId: number }[] = [];
    for (let i = 0; i < options.pairs; i++) {
      const [a, b] = [users[2 * i].id, users[2 * i + 1].id];
      const chatId = await seedPersonalChat(db, a, b);
      senders.push({ userId: a, chatId }, { userId: b, chatId });
    }
    let n = 0;
    const rows = () =>
      Array.from(
        { length: AT_ONCE },
        () => ({ ...senders[n % senders.length], clientId: `s${n++}` }),
      );
    const during = async (seconds: number, step: () => Promise<void>) => {
      const started = performance.now();
      let done = 0;
      while (performance.now() - started < seconds * 1000) {
        await step();
        done += AT_ONCE;
      }
      return done / ((performance.now() - started) / 1000);
    };

    const store = () =>
      Promise.all(
        rows().map(({ userId, chatId, clientId }) =>
          sendMessage(db!, userId, { chatId, content: "benchmark message", clientId })
        ),
      ).then(() => {});
    const insert = async () => {
      const batch = rows();
      await db!.query(
        `insert into messages (chat_id, sender_id, content, client_id, seq)
         select c, s, 'benchmark message', cl, nextval('bench_seq')
         from unnest($1::bigint[], $2::bigint[], $3::text[]) as r (c, s, cl)`,
        [batch.map((r) => r.chatId), batch.map((r) => r.userId), batch.map((r) => r.clientId)],
      );
    };
    await db.exec("create sequence bench_seq start 1000000000");
    await during(Math.min(1, options.seconds), store); // warm-up, not counted
    const storePath = await during(options.seconds, store);
    const bareInsert = await during(options.seconds, insert);
    return { storePath, bareInsert };
  } finally {
    await db?.close();
    await database.drop();
  }
}
