/**
 * Throughput and delivery latency: K pairs sending as fast as answers allow, then at half that
 * rate for the latency figures; against Parley on a database, and against the bare relay.
 */
import { runLoad } from "./load.ts";
import { percentile } from "./stats.ts";
import { seedPersonalChat, seedUsers } from "./seed.ts";
import {
  type BenchDatabase,
  benchDatabase,
  type DbKind,
  startParley,
  startRelay,
  type Target,
} from "./target.ts";
import type { Pair } from "./load.ts";

export interface ThroughputFigures {
  maxPerSecond: number;
  halfRate: { p50: number; p95: number; p99: number; perSecond: number };
}

export interface ThroughputOptions {
  pairs: number;
  seconds: number;
  window: number;
}

async function measure(target: Target, pairs: Pair[], options: ThroughputOptions, relay: boolean) {
  // A first run is slower (code not yet optimised, connection pools and caches cold): not counted.
  await runLoad({
    wsUrls: target.wsUrls,
    pairs,
    seconds: Math.min(2, options.seconds),
    rate: 0,
    window: options.window,
    relay,
  });
  const max = await runLoad({
    wsUrls: target.wsUrls,
    pairs,
    seconds: options.seconds,
    rate: 0,
    window: options.window,
    relay,
  });
  const senders = pairs.length * 2;
  const rate = Math.max(1, Math.floor(max.perSecond / 2 / senders));
  const half = await runLoad({
    wsUrls: target.wsUrls,
    pairs,
    seconds: options.seconds,
    rate,
    window: 0,
    relay,
  });
  return {
    maxPerSecond: max.perSecond,
    halfRate: {
      p50: percentile(half.latenciesMs, 50),
      p95: percentile(half.latenciesMs, 95),
      p99: percentile(half.latenciesMs, 99),
      perSecond: half.perSecond,
    },
  };
}

/** A fresh database of `kind` with `count` pairs of users, each pair in a personal chat. */
async function seededPairs(kind: DbKind, count: number) {
  const database = await benchDatabase(kind);
  const db = await database.open();
  try {
    const users = await seedUsers(db, "tp", count * 2);
    const pairs: Pair[] = [];
    for (let i = 0; i < count; i++) {
      const [a, b] = [users[2 * i], users[2 * i + 1]];
      pairs.push({ a, b, chatId: await seedPersonalChat(db, a.id, b.id) });
    }
    return { database, pairs };
  } catch (error) {
    await database.drop();
    throw error;
  } finally {
    await db.close();
  }
}

/** `start`ed on a freshly seeded database of `kind`, measured, stopped, and the database dropped. */
async function onSeeded(
  kind: DbKind,
  options: ThroughputOptions,
  start: (database: BenchDatabase) => Promise<Target>,
  relay: boolean,
): Promise<ThroughputFigures> {
  const { database, pairs } = await seededPairs(kind, options.pairs);
  try {
    const target = await start(database);
    try {
      return await measure(target, pairs, options, relay);
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Parley on `kind`, with `options.pairs` seeded pairs. */
export function parleyThroughput(
  kind: DbKind,
  options: ThroughputOptions,
): Promise<ThroughputFigures> {
  return onSeeded(kind, options, startParley, false);
}

/** The relay storing every message in a fresh PostgreSQL database before it answers. */
export function durableRelayThroughput(options: ThroughputOptions): Promise<ThroughputFigures> {
  return onSeeded("postgres", options, (database) => startRelay(1, database), true);
}

/** The relay with the same pairs and traffic. */
export async function relayThroughput(options: ThroughputOptions): Promise<ThroughputFigures> {
  const pairs: Pair[] = Array.from({ length: options.pairs }, (_, i) => ({
    a: { id: 2 * i + 1, token: "" },
    b: { id: 2 * i + 2, token: "" },
    chatId: i + 1,
  }));
  const target = await startRelay();
  try {
    return await measure(target, pairs, options, true);
  } finally {
    await target.stop();
  }
}
