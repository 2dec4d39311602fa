/** The embedded implementation of `Db`: PostgreSQL compiled to WebAssembly, data in a folder. */
import { join } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Db, Queryable } from "./types.ts";

const INT8 = 20;

/** How often PGlite's stand-in for PostgreSQL's checkpointer runs: `checkpoint_timeout`'s default. */
const CHECKPOINT_EVERY_MS = 5 * 60_000;

/**
 * Opens (creating on first use) the database in `dataDir`, or in memory when it is undefined.
 * `from` starts it as a copy of a `dumpDataDir` snapshot, far faster than creating one.
 */
export async function openPglite(
  dataDir?: string,
  from?: Blob,
  { checkpointEveryMs = CHECKPOINT_EVERY_MS } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  // pg_trgm: message search finds partial words and typos by their trigrams (chats/search.ts).
  const pg = await PGlite.create(dataDir, {
    parsers: { [INT8]: Number },
    loadDataDir: from,
    extensions: { pg_trgm },
  });
  // PostgreSQL fills each new 16 MB write-ahead log file with zeros, to hold its disk space, before
  // the first record goes in. PGlite has no background process to do that ahead of need: the
  // statement that needs the file writes the zeros through the emulated file system while the
  // server waits, 50–120 ms every few seconds under load. Created at its size in one write instead;
  // a full disk then shows at a later write rather than at the file's creation.
  await pg.exec("set wal_init_zero = off");
  // PostgreSQL's checkpointer process writes changed pages to their files every few minutes; only
  // then can the log written before be dropped. PGlite has no such process, and a lone backend
  // checkpoints only when it stops: while the server ran the log grew without bound (ten 16 MB
  // files after 600,000 rows, none removed), all of it to replay after a crash. A checkpoint is a
  // statement like any other here, queued behind those running.
  const checkpoints = setInterval(() => {
    pg.exec("checkpoint").catch(() => {
      // Tried again at the next interval; a database that cannot write fails the next query too.
    });
    if (dataDir) keepPrivate(dataDir).catch(() => {});
  }, checkpointEveryMs);
  if (dataDir) await keepPrivate(dataDir);
  Deno.unrefTimer(checkpoints);

  const queryable = (run: PGlite | Transaction): Queryable => ({
    async query<Row>(text: string, params: unknown[] = []) {
      return (await run.query<Row>(text, params)).rows;
    },
    async exec(script: string) {
      await run.exec(script);
    },
  });

  return {
    kind: "pglite",
    ...queryable(pg),
    transaction: (work) => pg.transaction((tx) => work(queryable(tx))),
    listen: (channel, onPayload) => pg.listen(channel, onPayload),
    async notify(channel, payload) {
      await pg.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => {
      clearInterval(checkpoints);
      return pg.close();
    },
    dump: () => pg.dumpDataDir("none"),
  };
}

/**
 * Takes group and others' access away from the files under `dir`. PGlite's file system gives the
 * files it creates mode 666 whatever the process's umask; the data folder's own mode 700 already
 * keeps other users out, and this keeps copies of the files (a backup made with `cp -a`) private
 * too. New files are caught at the next checkpoint.
 */
async function keepPrivate(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await keepPrivate(path);
    else if (entry.isFile && ((await Deno.stat(path)).mode! & 0o077)) {
      await Deno.chmod(path, 0o600);
    }
  }
}
