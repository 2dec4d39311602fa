/**
 * Presence across server processes: each process marks the users it holds connections of as
 * online for the next `ONLINE_LEASE_SECONDS`, renewing on a timer; a user's last connection
 * leaving ends it. Who sees it follows the user's privacy setting and blocks.
 */
import type { Db } from "../db/mod.ts";
import { tell } from "./event_bus.ts";

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

/**
 * Ends the presence of users whose lease lapsed (a process that held them went without telling)
 * and tells those who may see it; how many. Each user is ended by one process only.
 */
export async function endLapsed(db: Db): Promise<number> {
  const rows = await db.query<{ id: number }>(
    "update users set online_until = null where online_until <= now() returning id",
  );
  await tellPresence(db, rows.map((row) => Number(row.id)));
  return rows.length;
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
 * Returns `arrived(userId)` and `left(userId)`, which mark users online or gone and tell those who
 * may see it (`tellPresence`), in batches: users who come or go in the same turn of the event loop,
 * or while the previous batch is written, go in one statement. A restart of a proxy or a network
 * blip drops thousands of sockets at once, and one update each would hold the pool's connections
 * while pages and sign-ins wait. Whether a user is here is read when their batch is written
 * (`isHere`): one back by then stays online, one gone by then is not marked online.
 */
export function presenceInBatches(
  db: Db,
  options: { isHere(userId: number): boolean; onError(error: unknown): void },
): { arrived(userId: number): void; left(userId: number): void } {
  let changed = new Set<number>();
  let writing = false;
  const write = async () => {
    while (changed.size > 0) {
      const users = [...changed];
      changed = new Set();
      const here = users.filter((userId) => options.isHere(userId));
      const gone = users.filter((userId) => !options.isHere(userId));
      try {
        await renewOnline(db, here);
        await wentOffline(db, gone);
        await tellPresence(db, users);
      } catch (error) {
        options.onError(error);
      }
    }
    writing = false;
  };
  const change = (userId: number) => {
    changed.add(userId);
    if (writing) return;
    writing = true;
    setImmediate(write);
  };
  return { arrived: change, left: change };
}

/**
 * Tells each of `userIds`' presence to the people they have a personal chat with who may see it
 * (their setting and blocks, as `presenceOf` applies them), on every process.
 */
export async function tellPresence(db: Db, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await db.query<
    { id: number; online: boolean; last_seen_at: Date | null; audience: number[] }
  >(
    `select u.id, coalesce(u.online_until > now(), false) as online, u.last_seen_at,
       array(
         select o.user_id from chat_members me
         join chats c on c.id = me.chat_id and c.kind = 'personal'
         join chat_members o on o.chat_id = c.id and o.user_id <> me.user_id
         where me.user_id = u.id
           and (u.last_seen_visible_to = 'everyone'
             or (u.last_seen_visible_to = 'contacts' and exists (
               select 1 from contacts k where k.owner_id = u.id and k.contact_id = o.user_id)))
           and not exists (
             select 1 from blocks b where b.blocker_id = u.id and b.blocked_id = o.user_id)
       ) as audience
     from users u where u.id = any($1::bigint[]) and u.deleted_at is null`,
    [userIds],
  );
  await tell(
    db,
    rows.filter((row) => row.audience.length > 0).map((row) => ({
      event: {
        event: "presence",
        data: { userId: row.id, online: row.online, lastSeenAt: row.last_seen_at },
      },
      userIds: row.audience,
    })),
  );
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
