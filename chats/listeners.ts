/**
 * The processes that listen for announcements of stored messages (`message_listeners`). A batch
 * is announced only when a process other than the one storing it is listed there, so a process
 * lists itself once it listens and before it serves anyone, stays listed while it runs, and
 * leaves when it stops. A process that died without leaving is dropped after `STALE_AFTER`; until
 * then the others announce to no one, which costs time, never a message.
 */
import type { Db } from "../db/mod.ts";

/** How often a listed process says it is still there. */
const HEARTBEAT_MS = 60_000;

/**
 * A process not heard from for this long is dropped. Much longer than a heartbeat: a live process
 * dropped by mistake would miss the other processes' messages until its next heartbeat.
 */
const STALE_AFTER = "10 minutes";

/**
 * Lists `origin` as listening and keeps it listed; resolves to a function that unlists it. Failures
 * after the first listing go to `onError`.
 */
export async function joinListeners(
  db: Db,
  origin: string,
  options: { onError: (error: unknown) => void; heartbeatMs?: number },
): Promise<() => Promise<void>> {
  await renew(db, origin);
  const timer = setInterval(
    () => renew(db, origin).catch(options.onError),
    options.heartbeatMs ?? HEARTBEAT_MS,
  );
  return async () => {
    clearInterval(timer);
    // One that cannot say it leaves (the database is gone) is dropped when its entry grows old.
    await db.query("delete from message_listeners where origin = $1", [origin])
      .catch(options.onError);
  };
}

/** Lists or renews `origin`, dropping the processes that stopped renewing. */
async function renew(db: Db, origin: string): Promise<void> {
  await db.query(
    `with stale as (
       delete from message_listeners
       where seen_at < now() - $2::interval and origin <> $1
     )
     insert into message_listeners (origin) values ($1)
     on conflict (origin) do update set seen_at = now()`,
    [origin, STALE_AFTER],
  );
}
