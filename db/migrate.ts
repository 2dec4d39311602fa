/**
 * Applies the numbered SQL files of `db/migrations/` that the database has not seen yet, in one
 * transaction under an advisory lock, so that two processes starting at once apply each file once.
 */
import { encodeHex } from "../framework/hex.ts";
import type { Db } from "./types.ts";

/** One SQL file, numbered by its name (`0001_init.sql`). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([\w-]+)\.sql$/;
// Any constant works; it only has to be the same for every Parley process on one database.
const LOCK_KEY = 0x7061726c; // "parl"

/** Reads the migrations in `dir`, ordered by version. */
export async function readMigrations(
  dir: URL = new URL("./migrations/", import.meta.url),
): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = FILE.exec(entry.name);
    if (!entry.isFile || !match) continue;
    const sql = await Deno.readTextFile(new URL(entry.name, dir));
    migrations.push({ version: Number(match[1]), name: match[2], sql });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

async function checksum(sql: string): Promise<string> {
  return encodeHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sql)));
}

/** Applies what is missing and returns the versions applied by this call. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? await readMigrations();
  return await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = new Map(
      (await tx.query<{ version: number; checksum: string }>(
        "select version, checksum from schema_migrations",
      )).map((row) => [row.version, row.checksum]),
    );
    const done: number[] = [];
    for (const migration of all) {
      const sum = await checksum(migration.sql);
      const seen = applied.get(migration.version);
      if (seen !== undefined) {
        if (seen !== sum) {
          throw new Error(
            `Migration ${migration.version} (${migration.name}) changed after it was applied`,
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query(
        "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
        [migration.version, migration.name, sum],
      );
      done.push(migration.version);
    }
    return done;
  });
}
