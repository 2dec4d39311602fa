/** Opens the database the configuration names and brings its schema up to date. */
import { join } from "node:path";
import { migrate } from "./migrate.ts";
import { lockPgliteDir } from "./pglite_lock.ts";
import { openPgliteThread } from "./pglite_thread.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

export type { Db, Queryable } from "./types.ts";
export { DbUnavailableError, uniqueViolation } from "./types.ts";
import { DbUnavailableError } from "./types.ts";

/**
 * PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir/pglite`; migrated either way. A
 * PostgreSQL server that cannot be reached yet (starting beside Parley, say) is tried again for up
 * to `connectTimeoutSeconds`.
 */
export async function openDatabase(
  options: { databaseUrl?: string; dataDir: string; connectTimeoutSeconds?: number },
): Promise<Db> {
  let db: Db;
  if (options.databaseUrl) {
    db = openPostgres({ url: options.databaseUrl });
    try {
      await reachable(db, options.connectTimeoutSeconds ?? 0);
    } catch (error) {
      await db.close();
      throw error;
    }
  } else {
    const dir = join(options.dataDir, "pglite");
    await Deno.mkdir(dir, { recursive: true });
    const lock = await lockPgliteDir(options.dataDir);
    try {
      db = withLock(await openPgliteThread(dir), lock);
    } catch (error) {
      lock.close();
      throw error;
    }
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** `db`, letting go of `lock` once closed. */
function withLock(db: Db, lock: Deno.FsFile): Db {
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await close();
    } finally {
      lock.close();
    }
  };
  return db;
}

/** Waits until `db` answers, retrying with backoff while it cannot be reached at all. */
async function reachable(db: Db, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let wait = 250;; wait = Math.min(wait * 2, 5_000)) {
    try {
      await db.query("select 1");
      return;
    } catch (error) {
      if (!(error instanceof DbUnavailableError) || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
