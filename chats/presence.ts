/**
 * Presence across server processes: each process marks the users it holds connections of as
 * online for the next `ONLINE_LEASE_SECONDS`, renewing on a timer; a user's last connection
 * leaving ends it. Who sees it follows the user's privacy setting and blocks.
 */
import type { Db } from "../db/mod.ts";

export const ONLINE_LEASE_SECONDS = 45;
export const RENEW_EVERY_SECONDS = 20;

/** Marks `userIds` online (and seen) for another lease. */
export async function renewOnline(db: Db, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.query(
    `update users set last_seen_at = now(),
       online_until = now() + make_interval(secs => $2)
     where id = any($1::bigint[])`,
    [userIds, ONLINE_LEASE_SECONDS],
  );
}

/** Marks users gone from this process: seen now, online no more. */
export async function wentOffline(db: Db, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.query(
    "update users set last_seen_at = now(), online_until = null where id = any($1::bigint[])",
    [userIds],
  );
}

/**
 * Returns `left(userId)`, which marks users gone in batches: those who leave in the same turn of
 * the event loop, or while the previous batch is written, go in one statement. A restart of a
 * proxy or a network blip drops thousands of sockets at once, and one update each would hold the
 * pool's connections while pages and sign-ins wait. A user back by the time the batch is written
 * (`isHere`) is left online.
 */
export function offlineInBatches(
  db: Db,
  options: { isHere(userId: number): boolean; onError(error: unknown): void },
): (userId: number) => void {
  let leaving = new Set<number>();
  let writing = false;
  const write = async () => {
    while (leaving.size > 0) {
      const gone = [...leaving].filter((userId) => !options.isHere(userId));
      leaving = new Set();
      await wentOffline(db, gone).catch(options.onError);
    }
    writing = false;
  };
  return (userId) => {
    leaving.add(userId);
    if (writing) return;
    writing = true;
    setImmediate(write);
  };
}

/** What `viewerId` may know of each user's presence. */
export interface Presence {
  userId: number;
  online: boolean;
  /** When they were last on; null when they hide it from this viewer. */
  lastSeenAt: Date | null;
}

export async function presenceOf(db: Db, viewerId: number, userIds: number[]): Promise<Presence[]> {
  const rows = await db.query<
    { id: number; online: boolean; last_seen_at: Date | null; visible: boolean }
  >(
    `select u.id, coalesce(u.online_until > now(), false) as online, u.last_seen_at,
       (u.id = $1 or u.last_seen_visible_to = 'everyone'
        or (u.last_seen_visible_to = 'contacts'
            and exists (select 1 from contacts c where c.owner_id = u.id and c.contact_id = $1)))
       and not exists (select 1 from blocks b where b.blocker_id = u.id and b.blocked_id = $1)
       as visible
     from users u where u.id = any($2::bigint[]) and u.deleted_at is null`,
    [viewerId, userIds],
  );
  return rows.map((row) => ({
    userId: row.id,
    online: row.visible && row.online,
    lastSeenAt: row.visible ? row.last_seen_at : null,
  }));
}
