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

/** Delivery latency of a run at a set rate, and the rate it kept. */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  /** Sends refused (503 busy, 429) per second. */
  refusedPerSecond: number;
  /**
   * The lead-in's: the same rate's first seconds, not counted above (at half rate, those right
   * after the maximum run).
   */
  leadIn: { p50: number; p99: number };
}

export interface ThroughputFigures {
  maxPerSecond: number;
  halfRate: Latency;
  /** At the rate asked for by `alsoAt`, after the same maximum run. */
  atRate?: Latency;
  /** At twice the maximum, sent whatever the answers (Parley only): what admission keeps. */
  overload?: Latency;
}

export interface ThroughputOptions {
  pairs: number;
  seconds: number;
  window: number;
  /**
   * Seconds at a set rate before its latency is measured. Right after the maximum run the server
   * is still working off its load, and what a rate costs is measured once it has settled.
   */
  leadInSeconds: number;
}

/** One run at `perSecond` messages a second in all, spread evenly over the senders. */
async function latencyAt(
  target: Target,
  pairs: Pair[],
  options: ThroughputOptions,
  relay: boolean,
  perSecond: number,
): Promise<Latency> {
  const senders = pairs.length * 2;
  const run = await runLoad({
    wsUrls: target.wsUrls,
    pairs,
    seconds: options.seconds,
    rate: Math.max(1, Math.floor(perSecond / senders)),
    window: 0,
    relay,
    leadInSeconds: options.leadInSeconds,
  });
  return {
    p50: percentile(run.latenciesMs, 50),
    p95: percentile(run.latenciesMs, 95),
    p99: percentile(run.latenciesMs, 99),
    perSecond: run.perSecond,
    refusedPerSecond: run.refused / (options.seconds + options.leadInSeconds),
    leadIn: {
      p50: percentile(run.leadInLatenciesMs, 50),
      p99: percentile(run.leadInLatenciesMs, 99),
    },
  };
}

async function measure(
  target: Target,
  pairs: Pair[],
  options: ThroughputOptions,
  relay: boolean,
  alsoAt?: number,
): Promise<ThroughputFigures> {
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
  return {
    maxPerSecond: max.perSecond,
    halfRate: await latencyAt(target, pairs, options, relay, max.perSecond / 2),
    atRate: alsoAt ? await latencyAt(target, pairs, options, relay, alsoAt) : undefined,
    overload: relay ? undefined : await latencyAt(target, pairs, options, relay, max.perSecond * 2),
  };
}

/** A fresh database of `kind` with `count` pairs of users, each pair in a personal chat. */
export async function seededPairs(kind: DbKind, count: number) {
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
  alsoAt?: number,
): Promise<ThroughputFigures> {
  const { database, pairs } = await seededPairs(kind, options.pairs);
  try {
    const target = await start(database);
    try {
      return await measure(target, pairs, options, relay, alsoAt);
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

/**
 * The relay storing every message in a fresh database of `kind` before it answers; with
 * `alsoAt`, its latency at that rate too (Parley's half rate: what the database alone costs there).
 */
export function durableRelayThroughput(
  kind: DbKind,
  options: ThroughputOptions,
  alsoAt?: number,
): Promise<ThroughputFigures> {
  return onSeeded(kind, options, (database) => startRelay(1, database), true, alsoAt);
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
