/** Opens the database the configuration names and brings its schema up to date. */
import { join } from "node:path";
import { migrate } from "./migrate.ts";
import { openPgliteThread } from "./pglite_thread.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

export type { Db, Queryable } from "./types.ts";
export { DbUnavailableError, uniqueViolation } from "./types.ts";

/** PostgreSQL when `databaseUrl` is set, else PGlite in `dataDir/pglite`; migrated either way. */
export async function openDatabase(
  options: { databaseUrl?: string; dataDir: string },
): Promise<Db> {
  let db: Db;
  if (options.databaseUrl) {
    db = openPostgres({ url: options.databaseUrl });
  } else {
    const dir = join(options.dataDir, "pglite");
    await Deno.mkdir(dir, { recursive: true });
    db = await openPgliteThread(dir);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
