/** The latest 50 messages of a chat that holds a million: the server's answer time over /ws. */
import { median, percentile } from "./stats.ts";
import { seedMessages, seedPersonalChat, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley } from "./target.ts";

export interface HistoryFigures {
  messages: number;
  p50: number;
  p99: number;
}

export async function historySpeed(
  kind: DbKind,
  options: { messages: number; requests: number },
): Promise<HistoryFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const [a, b] = await seedUsers(db, "hi", 2);
    const chatId = await seedPersonalChat(db, a.id, b.id);
    await seedMessages(db, chatId, b.id, options.messages);
    await db.query("analyze messages");
    await db.close();
    const target = await startParley(database);
    try {
      const socket = new WebSocket(
        target.wsUrls[0],
        { headers: { cookie: `parley_session=${a.token}` } } as unknown as string[],
      );
      await new Promise((resolve) => socket.onopen = resolve);
      const times: number[] = [];
      for (let i = 0; i < options.requests; i++) {
        const t = performance.now();
        socket.send(
          JSON.stringify({ id: i, method: "messages.history", params: { chatId, limit: 50 } }),
        );
        const answer = await new Promise<{ status: number; result: { messages: unknown[] } }>((
          resolve,
        ) => socket.onmessage = (event) => resolve(JSON.parse(String(event.data))));
        if (answer.status !== 200 || answer.result.messages.length !== 50) {
          throw new Error(`messages.history answered ${answer.status}`);
        }
        times.push(performance.now() - t);
      }
      socket.close();
      return { messages: options.messages, p50: median(times), p99: percentile(times, 99) };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
