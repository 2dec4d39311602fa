/** The admin page's figures, read from what `stats_rollup.ts` keeps: a few small reads. */
import type { Queryable } from "../db/mod.ts";
import { ticketCounts, type TicketStatus } from "../support/tickets.ts";

/** How long a process's report of its sockets counts: a few of its renewals. */
export const PROCESS_STALE_SECONDS = 30;

export interface DayFigures {
  /** YYYY-MM-DD, UTC. */
  day: string;
  newUsers: number;
  messages: number;
  activeUsers: number;
}

export interface AdminStats {
  /** When the totals were counted; null before the first count. */
  countedAt: Date | null;
  usersTotal: number;
  groupsTotal: number;
  filesTotal: number;
  storageBytes: number;
  /** Accounts seen today and within the last 30 days. */
  activeToday: number;
  active30d: number;
  /** Open WebSockets now, across the processes that reported lately. */
  socketsNow: number;
  processes: number;
  /** The last `days` days, oldest first, every day present. */
  days: DayFigures[];
  tickets: Record<TicketStatus, number>;
  /** How long the tickets opened in the last 30 days waited for staff's first answer (median). */
  firstResponseMs: number | null;
}

/**
 * The figures as of `now`, for the last `days` days. `own` is this process: its id and its live
 * socket count, which replaces its last report.
 */
export async function adminStats(
  db: Queryable,
  now: Date,
  own: { processId: string; sockets: number },
  days = 30,
): Promise<AdminStats> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const first = new Date(today - (days - 1) * 86_400_000);
  const [[progress], rows, [others], tickets, [response]] = await Promise.all([
    db.query<{
      counted_at: Date | null;
      users_total: number;
      groups_total: number;
      files_total: number;
      storage_bytes: string | number;
    }>(
      "select counted_at, users_total, groups_total, files_total, storage_bytes from stats_progress",
    ),
    db.query<{
      day: string;
      new_users: number;
      messages: number;
      active_users: number;
      active_30d: number;
    }>(
      `select to_char(day, 'YYYY-MM-DD') as day, new_users, messages, active_users, active_30d
       from daily_stats where day >= $1::date order by day`,
      [first],
    ),
    db.query<{ sockets: string | number; processes: string | number }>(
      `select coalesce(sum(sockets), 0) as sockets, count(*) as processes from server_processes
       where id <> $1 and seen_at > $2`,
      [own.processId, new Date(now.getTime() - PROCESS_STALE_SECONDS * 1000)],
    ),
    ticketCounts(db),
    db.query<{ ms: number | null }>(
      `select percentile_cont(0.5) within group (
         order by extract(epoch from first_response_at - created_at)) * 1000 as ms
       from tickets where created_at > $1 and first_response_at is not null`,
      [new Date(now.getTime() - 30 * 86_400_000)],
    ),
  ]);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const series: DayFigures[] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const row = byDay.get(day);
    series.push({
      day,
      newUsers: row?.new_users ?? 0,
      messages: row?.messages ?? 0,
      activeUsers: row?.active_users ?? 0,
    });
  }
  const latest = rows.at(-1);
  const isToday = latest?.day === series.at(-1)!.day;
  return {
    countedAt: progress?.counted_at ? new Date(progress.counted_at) : null,
    usersTotal: progress?.users_total ?? 0,
    groupsTotal: progress?.groups_total ?? 0,
    filesTotal: progress?.files_total ?? 0,
    storageBytes: Number(progress?.storage_bytes ?? 0),
    activeToday: isToday ? latest!.active_users : 0,
    active30d: latest?.active_30d ?? 0,
    socketsNow: Number(others.sockets) + own.sockets,
    processes: Number(others.processes) + 1,
    days: series,
    tickets,
    firstResponseMs: response?.ms === null || response?.ms === undefined
      ? null
      : Number(response.ms),
  };
}
