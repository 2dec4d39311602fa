/**
 * Test databases: PGlite in memory always, and PostgreSQL too when DATABASE_URL is set, each
 * test in a schema of its own that is dropped afterwards.
 */
import postgres from "postgres";
import { migrate } from "../../db/migrate.ts";
import { openPglite } from "../../db/pglite.ts";
import { openPostgres } from "../../db/postgres.ts";
import type { Db } from "../../db/mod.ts";

export type DbKind = "pglite" | "postgres";

const DATABASE_URL = Deno.env.get("DATABASE_URL");

/** The kinds of database the suite runs against. */
export const DB_KINDS: DbKind[] = DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** An open test database that drops itself when disposed. */
export interface TestDb extends AsyncDisposable {
  kind: DbKind;
  db: Db;
  /** Opens another pool on the same schema, as a second server process would. */
  openAnother(): Db;
}

let migratedSnapshot: Promise<Blob> | undefined;

/** A migrated PGlite, made once per test file: copying it is several times faster than initdb. */
function pgliteSnapshot(): Promise<Blob> {
  return migratedSnapshot ??= (async () => {
    const db = await openPglite();
    await migrate(db);
    const snapshot = await db.dump();
    await db.close();
    return snapshot;
  })();
}

/**
 * Opens an empty database of `kind`, migrated unless `migrated` is false. PGlite opens on the
 * test's own thread: the same SQL as in the server's worker (`db/pglite_thread.ts`, tested on its
 * own and by every test that starts `main.ts`), without starting a worker for each test.
 */
export async function openTestDb(kind: DbKind, { migrated = true } = {}): Promise<TestDb> {
  if (kind === "pglite") {
    const db = migrated ? await openPglite(undefined, await pgliteSnapshot()) : await openPglite();
    return {
      kind,
      db,
      openAnother: () => {
        throw new Error("PGlite is a single-process database");
      },
      [Symbol.asyncDispose]: () => db.close(),
    };
  }
  const url = DATABASE_URL!;
  const schema = `test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create schema ${schema}`);
  const opened: Db[] = [];
  const openAnother = () => {
    const db = openPostgres({ url, schema, max: 4 });
    opened.push(db);
    return db;
  };
  const db = openAnother();
  if (migrated) await migrate(db);
  return {
    kind,
    db,
    openAnother,
    async [Symbol.asyncDispose]() {
      await Promise.all(opened.map((pool) => pool.close()));
      await admin.unsafe(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** Registers `fn` as one test per database kind, named "name (kind)". */
export function dbTest(name: string, fn: (t: TestDb) => Promise<void>): void {
  for (const kind of DB_KINDS) {
    Deno.test(`${name} (${kind})`, async () => {
      await using t = await openTestDb(kind);
      await fn(t);
    });
  }
}

/** A PostgreSQL database of its own next to `DATABASE_URL`'s, for server processes; dropped when disposed. */
export async function freshPostgresDatabase(
  prefix: string,
): Promise<{ url: URL } & AsyncDisposable> {
  const admin = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url,
    async [Symbol.asyncDispose]() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
