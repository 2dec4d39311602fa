/**
 * Keeps the admin page's figures current: every few seconds a process reports its open sockets (one
 * row), and every half minute it counts what changed since the last count
 * (`admin/stats_rollup.ts`). Both start at once, so that a new installation has figures from its
 * first minute.
 */
import { forgetProcess, reportSockets, rollUpStats } from "../admin/stats_rollup.ts";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";

export const STATS_EVERY_SECONDS = 30;
export const SOCKETS_EVERY_SECONDS = 5;

export interface StatsJob {
  /** Stops, and takes this process off the list. */
  stop(): Promise<void>;
}

export function startStatsJob(options: {
  db: Db;
  log: Logger;
  processId: string;
  sockets: () => number;
  clock?: () => Date;
}): StatsJob {
  const { db, log, processId } = options;
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let reporting: Promise<void> | undefined;
  const run = () =>
    running ??= rollUpStats(db, clock()).then(() => {}).finally(() => running = undefined);
  const report = () =>
    reporting ??= reportSockets(db, processId, options.sockets(), clock())
      .finally(() => reporting = undefined);
  const tick = () => {
    run().catch((error) => log.warn("Counting the admin figures failed", { error }));
  };
  const tock = () => {
    report().catch((error) => log.warn("Reporting the open sockets failed", { error }));
  };
  tock();
  tick();
  const timers = [
    setInterval(tick, STATS_EVERY_SECONDS * 1000),
    setInterval(tock, SOCKETS_EVERY_SECONDS * 1000),
  ];
  return {
    async stop() {
      timers.forEach(clearInterval);
      await Promise.all([running?.catch(() => {}), reporting?.catch(() => {})]);
      await forgetProcess(db, processId).catch(() => {});
    },
  };
}
