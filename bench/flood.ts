/**
 * Messages while strangers flood the sign-in: the delivery latency of a steady exchange between
 * members, alone and then while sockets from many addresses (through a trusted proxy's
 * X-Forwarded-For) send wrong passwords for names that do not exist, each one a password check.
 */
import { runLoad } from "./load.ts";
import { percentile } from "./stats.ts";
import { type DbKind, startParley } from "./target.ts";
import { seededPairs } from "./throughput.ts";

export interface FloodFigures {
  idle: { p50: number; p99: number };
  flooded: { p50: number; p99: number };
  /** Sign-ins asked for per second, and how they were answered. */
  signInsPerSecond: number;
  answers: Record<string, number>;
}

/** Sockets the flood comes from, each as an address of its own. */
const FLOOD_SOCKETS = 50;

export async function floodLatency(
  kind: DbKind,
  options: { pairs: number; seconds: number; rate: number; signInsPerSecond: number },
): Promise<FloodFigures> {
  const { database, pairs } = await seededPairs(kind, options.pairs);
  try {
    const target = await startParley(database, 1, { TRUST_PROXY: "loopback" });
    try {
      const load = () =>
        runLoad({
          wsUrls: target.wsUrls,
          pairs,
          seconds: options.seconds,
          rate: Math.max(1, Math.floor(options.rate / (pairs.length * 2))),
          window: 0,
          relay: false,
        });
      const idle = await load();
      const flood = await startFlood(target.wsUrls[0], options.signInsPerSecond);
      const flooded = await load();
      const answers = await flood.stop();
      return {
        idle: { p50: percentile(idle.latenciesMs, 50), p99: percentile(idle.latenciesMs, 99) },
        flooded: {
          p50: percentile(flooded.latenciesMs, 50),
          p99: percentile(flooded.latenciesMs, 99),
        },
        signInsPerSecond: options.signInsPerSecond,
        answers,
      };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Sends `perSecond` wrong sign-ins over sockets from as many addresses; `stop` counts answers. */
async function startFlood(url: URL, perSecond: number) {
  const answers: Record<string, number> = {};
  const sockets = await Promise.all(
    Array.from({ length: FLOOD_SOCKETS }, (_, i) => {
      const headers = { "x-forwarded-for": `10.200.${i >> 8}.${i & 255}` };
      const socket = new WebSocket(url, { headers } as unknown as string[]);
      socket.onmessage = (event) => {
        const status = String(JSON.parse(String(event.data)).status);
        answers[status] = (answers[status] ?? 0) + 1;
      };
      return new Promise<WebSocket>((resolve, reject) => {
        socket.onopen = () => resolve(socket);
        socket.onerror = () => reject(new Error("a flood socket did not open"));
      });
    }),
  );
  let sent = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) {
      sockets[sent % sockets.length].send(JSON.stringify({
        id: sent,
        method: "auth.login",
        params: { login: `nobody-${sent}`, password: "not-the-password" },
      }));
    }
  }, 5);
  const answered = () => Object.values(answers).reduce((sum, n) => sum + n, 0);
  return {
    /** Stops sending, waits for the answers to what was sent (10 s at most), and counts them. */
    async stop() {
      clearInterval(timer);
      const deadline = performance.now() + 10_000;
      while (answered() < sent && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const socket of sockets) socket.close();
      return answers;
    },
  };
}
