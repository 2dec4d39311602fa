/**
 * GET /im for a user with 100 chats: the latency of one request at a time (what a visitor waits
 * on an idle server), then requests per second and latency with a few at once (a busy one).
 */
import { percentile } from "./stats.ts";
import { seedMessages, seedPersonalChat, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley } from "./target.ts";

export interface PageFigures {
  alone: { p50: number; p99: number };
  perSecond: number;
  p50: number;
  p99: number;
}

export async function pageSpeed(
  kind: DbKind,
  options: { chats: number; seconds: number; concurrency: number },
): Promise<PageFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const [me, ...others] = await seedUsers(db, "pg", options.chats + 1);
    for (const other of others) {
      const chatId = await seedPersonalChat(db, me.id, other.id);
      await seedMessages(db, chatId, other.id, 1);
    }
    await db.close();
    const target = await startParley(database);
    try {
      const url = new URL("/im", target.url);
      const headers = { cookie: `parley_session=${me.token}` };
      const check = await fetch(url, { headers });
      const html = await check.text();
      if (
        check.status !== 200 || (html.match(/class="chat-item"/g)?.length ?? 0) !== options.chats
      ) {
        throw new Error(`GET /im did not show ${options.chats} chats (status ${check.status})`);
      }
      const load = async (concurrency: number, seconds: number) => {
        const latencies: number[] = [];
        const started = performance.now();
        const until = started + seconds * 1000;
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) {
            const t = performance.now();
            const response = await fetch(url, { headers });
            await response.arrayBuffer();
            latencies.push(performance.now() - t);
          }
        }));
        const elapsed = (performance.now() - started) / 1000;
        return {
          perSecond: latencies.length / elapsed,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
        };
      };
      await load(options.concurrency, Math.min(1, options.seconds)); // warm-up, not counted
      const alone = await load(1, options.seconds);
      const busy = await load(options.concurrency, options.seconds);
      return { alone: { p50: alone.p50, p99: alone.p99 }, ...busy };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
