import assert from "node:assert/strict";
import { join } from "node:path";
import { openPglite } from "./pglite.ts";
import type { Db } from "./types.ts";

const SEGMENT_BYTES = 16 * 1024 * 1024;

/** The newest write-ahead log file in `dir`: its name and the bytes it takes on disk. */
async function newestWalFile(dir: string): Promise<{ name: string; bytesOnDisk: number }> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(dir, "pg_wal"))) {
    if (entry.isFile && /^[0-9A-F]{24}$/.test(entry.name)) names.push(entry.name);
  }
  const name = names.sort().at(-1)!;
  const { blocks } = await Deno.stat(join(dir, "pg_wal", name));
  return { name, bytesOnDisk: (blocks ?? 0) * 512 };
}

/** Runs `use` on a PGlite in a fresh folder, closed and removed afterwards. */
async function withPgliteIn(
  options: Parameters<typeof openPglite>[2],
  use: (db: Db, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "parley-pglite-" });
  try {
    const db = await openPglite(dir, undefined, options);
    try {
      await use(db, dir);
    } finally {
      await db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "PGlite starts a new write-ahead log file without filling it first",
  ignore: Deno.build.os === "windows",
  fn: () =>
    withPgliteIn({}, async (db, dir) => {
      const before = await newestWalFile(dir);
      // A switch pads the file it leaves to its end; the next one is created for the insert.
      await db.query("select pg_switch_wal()");
      await db.exec("create table t (n int); insert into t values (1)");
      const created = await newestWalFile(dir);
      assert.notEqual(created.name, before.name);
      assert.ok(
        created.bytesOnDisk < SEGMENT_BYTES / 4,
        `${created.name} takes ${created.bytesOnDisk} bytes on disk`,
      );
    }),
});

Deno.test("PGlite checkpoints while it runs, as PostgreSQL's checkpointer would", () =>
  withPgliteIn({ checkpointEveryMs: 100 }, async (db) => {
    const redo = async () =>
      (await db.query<{ lsn: string }>(
        "select redo_lsn::text as lsn from pg_control_checkpoint()",
      ))[0].lsn;
    const before = await redo();
    await db.exec("create table t (n int); insert into t select generate_series(1, 1000)");
    const deadline = Date.now() + 5_000;
    while ((await redo()) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.notEqual(await redo(), before, "no checkpoint since the database opened");
  }));
