/**
 * Keeps the admin page's figures: messages and new accounts per day are counted from where the
 * last count stopped (by id, so each row is read once), active accounts and totals are counted
 * again each time. One process counts at a time; the others skip their turn.
 */
import type { Db, Queryable } from "../db/mod.ts";

/**
 * Rows younger than this, and all after the first of them, are left for the next count: one
 * committed a moment late with a lower id than a row already counted would be missed for good.
 */
const SETTLE_SECONDS = 60;

/** Counts what changed since the last count, as of `now`; false when another process was at it. */
export async function rollUpStats(db: Db, now: Date): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const [progress] = await tx.query<{ last_message_id: string; last_user_id: string }>(
      "select last_message_id, last_user_id from stats_progress for update skip locked",
    );
    if (!progress) return false;
    const settled = new Date(now.getTime() - SETTLE_SECONDS * 1000);
    const lastMessage = await countByDay(
      tx,
      "messages",
      "messages",
      progress.last_message_id,
      settled,
    );
    const lastUser = await countByDay(tx, "users", "new_users", progress.last_user_id, settled);
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const monthAgo = new Date(today.getTime() - 29 * 86_400_000);
    // Seen since a moment: online now (online_until ahead), or last seen after it.
    await tx.query(
      `insert into daily_stats (day, active_users, active_30d)
       select $1::date,
         count(*) filter (where online_until >= $1 or last_seen_at >= $1),
         count(*) filter (where online_until >= $2 or last_seen_at >= $2)
       from users where deleted_at is null
       on conflict (day) do update set
         active_users = greatest(daily_stats.active_users, excluded.active_users),
         active_30d = greatest(daily_stats.active_30d, excluded.active_30d)`,
      [today, monthAgo],
    );
    await tx.query(
      `update stats_progress set
         last_message_id = coalesce($1::bigint, last_message_id),
         last_user_id = coalesce($2::bigint, last_user_id),
         users_total = (select count(*) from users where deleted_at is null),
         groups_total = (select count(*) from chats where kind = 'group'),
         files_total = (select count(*) from uploads where message_id is not null),
         storage_bytes = (
           select coalesce(sum(size), 0) from (
             select distinct on (sha256) size from uploads where sha256 is not null
           ) kept
         ) + (
           select coalesce(sum(thumb_size), 0) from (
             select distinct on (thumb_sha256) thumb_size from uploads
             where thumb_sha256 is not null
           ) thumbs
         ),
         counted_at = $3`,
      [lastMessage, lastUser, now],
    );
    return true;
  });
}

/**
 * Adds the rows of `table` after id `after`, up to the first younger than `settled`, to each day's
 * `column`; the last id counted, or null for none.
 */
async function countByDay(
  tx: Queryable,
  table: "messages" | "users",
  column: "messages" | "new_users",
  after: string,
  settled: Date,
): Promise<string | null> {
  const [counted] = await tx.query<{ last: string | null }>(
    `with counted as (
       select (created_at at time zone 'UTC')::date as day, count(*)::int as n, max(id) as last
       from ${table} where id > $1 and id < coalesce(
         (select min(id) from ${table} where id > $1 and created_at >= $2), 9223372036854775807
       ) group by 1
     ), added as (
       insert into daily_stats (day, ${column}) select day, n from counted
       on conflict (day) do update set ${column} = daily_stats.${column} + excluded.${column}
     )
     select max(last)::text as last from counted`,
    [after, settled],
  );
  return counted?.last ?? null;
}

/** Tells the others how many sockets this process holds, as of `now`. */
export async function reportSockets(
  db: Db,
  processId: string,
  sockets: number,
  now: Date,
): Promise<void> {
  await db.query(
    `insert into server_processes (id, sockets, seen_at) values ($1, $2, $3)
     on conflict (id) do update set sockets = excluded.sockets, seen_at = excluded.seen_at`,
    [processId, sockets, now],
  );
}

/** Forgets a process that stops. */
export async function forgetProcess(db: Db, processId: string): Promise<void> {
  await db.query("delete from server_processes where id = $1", [processId]);
}
