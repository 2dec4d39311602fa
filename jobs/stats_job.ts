/**
 * Keeps the admin page's figures current: every half minute a process reports its open sockets
 * and counts what changed since the last count (`admin/stats_rollup.ts`). Counting starts at once,
 * so that a new installation has figures from its first minute.
 */
import { forgetProcess, reportSockets, rollUpStats } from "../admin/stats_rollup.ts";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";

export const STATS_EVERY_SECONDS = 30;

export interface StatsJob {
  /** Reports and counts once now. */
  run(): Promise<void>;
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
  const run = () =>
    running ??= (async () => {
      await reportSockets(db, processId, options.sockets(), clock());
      await rollUpStats(db, clock());
    })().finally(() => running = undefined);
  const tick = () => {
    run().catch((error) => log.warn("Counting the admin figures failed", { error }));
  };
  tick();
  const timer = setInterval(tick, STATS_EVERY_SECONDS * 1000);
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
      await forgetProcess(db, processId).catch(() => {});
    },
  };
}
