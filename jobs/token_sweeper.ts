/**
 * Deletes sessions that have expired or were revoked, periodically, and the files no message needs
 * (`files/sweep.ts`); closes support tickets solved a week ago. Uses `Deno.cron` where the runtime
 * offers it (Deno Deploy, or `--unstable-cron`) and a timer otherwise.
 */
import type { Db } from "../db/mod.ts";
import type { FileStorage } from "../files/storage.ts";
import { sweepUploads } from "../files/sweep.ts";
import { closeSolved } from "../support/tickets.ts";
import type { Logger } from "../lib/log.ts";

/**
 * Deletes every token expired at `now` or revoked, and with them e-mail links past their time
 * and throttle counts older than a day; returns how many tokens were deleted.
 */
export async function sweepTokens(db: Db, now: Date): Promise<number> {
  const rows = await db.query<{ id: number }>(
    "delete from tokens where expires_at <= $1 or revoked_at is not null returning id",
    [now],
  );
  await db.query("delete from email_links where expires_at <= $1", [now]);
  await db.query("delete from throttle where window_started_at <= $1", [
    new Date(now.getTime() - 86_400_000),
  ]);
  return rows.length;
}

/** What the sweeper needs. */
export interface SweeperOptions {
  db: Db;
  log: Logger;
  intervalSeconds: number;
  /** Where attached files are kept, to sweep them too. */
  files?: FileStorage;
  /** The current time; tests pass their own. */
  clock?: () => Date;
  /** Use `Deno.cron` when available. Off by default in tests, which want a plain timer. */
  preferCron?: boolean;
}

/** A running sweeper. */
export interface Sweeper {
  /** Sweeps once now, whatever the schedule. */
  sweep(): Promise<number>;
  /** Stops the schedule and waits for a sweep in progress. */
  stop(): Promise<void>;
}

// Deno.cron names are process-wide, so only the first sweeper of a process can use it.
let cronTaken = false;

/** Starts sweeping every `intervalSeconds`. */
export function startTokenSweeper(options: SweeperOptions): Sweeper {
  const { db, log, intervalSeconds } = options;
  const clock = options.clock ?? (() => new Date());
  let running: Promise<number> | undefined;

  const sweep = () => {
    running ??= (async () => {
      const now = clock();
      const count = await sweepTokens(db, now);
      if (count > 0) log.info("Swept expired and revoked sessions", { count });
      const files = options.files ? await sweepUploads(db, options.files, now) : 0;
      if (files > 0) log.info("Swept files no message needs", { count: files });
      const closed = await closeSolved(db, now);
      if (closed > 0) log.info("Closed tickets solved a week ago", { count: closed });
      return count;
    })().finally(() => running = undefined);
    return running;
  };
  const tick = () => {
    sweep().catch((error) => log.error("Token sweep failed", { error }));
  };

  const controller = new AbortController();
  let timer: ReturnType<typeof setInterval> | undefined;
  const minutes = intervalSeconds / 60;
  const cronSchedule = Number.isInteger(minutes) && minutes >= 1 && minutes <= 59;
  if (options.preferCron && cronSchedule && typeof Deno.cron === "function" && !cronTaken) {
    cronTaken = true;
    Deno.cron("parley-token-sweeper", { minute: { every: minutes } }, {
      signal: controller.signal,
    }, tick);
    controller.signal.addEventListener("abort", () => cronTaken = false);
  } else {
    timer = setInterval(tick, intervalSeconds * 1000);
  }

  return {
    sweep,
    async stop() {
      controller.abort();
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
