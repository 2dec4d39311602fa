/**
 * Brings a database's schema up to date, in one transaction under an advisory lock, so that two
 * processes starting at once do the work once: the numbered files of `db/migrations/` it has not
 * seen yet, then every SQL function of `db/functions/`, re-created at each start.
 */
import { encodeHex } from "../framework/hex.ts";
import type { Db, Queryable } from "./types.ts";

/** One SQL file, numbered by its name (`0001_baseline.sql`). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** One `create or replace function` file, named for its function. */
export interface SqlFunction {
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([\w-]+)\.sql$/;
const FUNCTION_FILE = /^([\w-]+)\.sql$/;
// Any constant works; it only has to be the same for every Parley process on one database.
const LOCK_KEY = 0x7061726c; // "parl"

/**
 * The last of the migrations that the baseline replaced. A database that went through them is
 * brought to the baseline by `legacy_chain.sql`.
 */
const LEGACY_LAST = { version: 16, name: "store_messages_in_fewer_steps" };

async function readSqlFiles(dir: URL, pattern: RegExp) {
  const files: { match: RegExpExecArray; sql: string }[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = pattern.exec(entry.name);
    if (!entry.isFile || !match) continue;
    files.push({ match, sql: await Deno.readTextFile(new URL(entry.name, dir)) });
  }
  return files;
}

/** Reads the migrations in `dir`, ordered by version. */
export async function readMigrations(
  dir: URL = new URL("./migrations/", import.meta.url),
): Promise<Migration[]> {
  const files = await readSqlFiles(dir, MIGRATION_FILE);
  return files
    .map(({ match, sql }) => ({ version: Number(match[1]), name: match[2], sql }))
    .sort((a, b) => a.version - b.version);
}

/** Reads the functions in `dir`, ordered by name. */
export async function readFunctions(
  dir: URL = new URL("./functions/", import.meta.url),
): Promise<SqlFunction[]> {
  const files = await readSqlFiles(dir, FUNCTION_FILE);
  return files
    .map(({ match, sql }) => ({ name: match[1], sql }))
    .sort((a, b) => a.name < b.name ? -1 : 1);
}

async function checksum(sql: string): Promise<string> {
  return encodeHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(sql)));
}

/** What to apply; read from `db/` when not given. */
export interface Schema {
  migrations?: Migration[];
  functions?: SqlFunction[];
}

/** Applies what is missing and re-creates the functions; returns the versions applied now. */
export async function migrate(db: Db, schema: Schema = {}): Promise<number[]> {
  const migrations = schema.migrations ?? await readMigrations();
  const functions = schema.functions ?? await readFunctions();
  return await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    let applied = await appliedMigrations(tx);
    if (applied.get(1)?.name === "init") {
      await leaveLegacyChain(tx, applied, migrations[0]);
      applied = await appliedMigrations(tx);
    }
    const done: number[] = [];
    for (const migration of migrations) {
      const sum = await checksum(migration.sql);
      const seen = applied.get(migration.version);
      if (seen !== undefined) {
        if (seen.checksum !== sum) {
          throw new Error(
            `Migration ${migration.version} (${migration.name}) changed after it was applied`,
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await record(tx, migration, sum);
      done.push(migration.version);
    }
    for (const fn of functions) await tx.exec(fn.sql);
    return done;
  });
}

async function appliedMigrations(tx: Queryable) {
  const rows = await tx.query<{ version: number; name: string; checksum: string }>(
    "select version, name, checksum from schema_migrations",
  );
  return new Map(rows.map((row) => [row.version, row]));
}

function record(tx: Queryable, migration: Migration, sum: string) {
  return tx.query(
    "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
    [migration.version, migration.name, sum],
  );
}

/**
 * A database made by the migrations before the baseline: brought to the baseline's schema and
 * recorded as having the baseline. Only one that went through all of them is taken.
 */
async function leaveLegacyChain(
  tx: Queryable,
  applied: Map<number, { name: string }>,
  baseline: Migration,
): Promise<void> {
  const complete = applied.size === LEGACY_LAST.version &&
    applied.get(LEGACY_LAST.version)?.name === LEGACY_LAST.name;
  if (!complete) {
    throw new Error(
      `This database stopped at migration ${Math.max(...applied.keys())} of the schema before ` +
        `the baseline and cannot be brought up to date: start with an empty database`,
    );
  }
  await tx.exec(await Deno.readTextFile(new URL("./legacy_chain.sql", import.meta.url)));
  await tx.exec("delete from schema_migrations");
  await record(tx, baseline, await checksum(baseline.sql));
}
