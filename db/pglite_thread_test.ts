import assert from "node:assert/strict";
import { openPglite } from "./pglite.ts";
import { openPgliteThread } from "./pglite_thread.ts";
import { uniqueViolation } from "./types.ts";

type Opened = Awaited<ReturnType<typeof openPgliteThread>>;

let emptySnapshot: Promise<Blob> | undefined;

/** A new database, copied: several times faster than creating one for each test. */
function empty(): Promise<Blob> {
  return emptySnapshot ??= (async () => {
    const db = await openPglite();
    const dump = await db.dump();
    await db.close();
    return dump;
  })();
}

/** Runs `use` on a PGlite in memory on its own thread, closed afterwards. */
async function withThread(use: (db: Opened) => Promise<void>, from?: Blob): Promise<void> {
  const db = await openPgliteThread(undefined, from ?? await empty());
  try {
    await use(db);
  } finally {
    await db.close();
  }
}

const TABLE = `create table notes (
  id bigint primary key, at timestamptz not null default now(), body json, raw bytea
)`;

Deno.test("PGlite on its own thread returns rows as the calling thread's PGlite does", () =>
  withThread(async (db) => {
    assert.equal(db.kind, "pglite");
    await db.exec(TABLE);
    await db.query("insert into notes (id, body, raw) values ($1, $2, $3)", [
      9_007_199_254_740_991,
      JSON.stringify({ tags: ["a"] }),
      new Uint8Array([1, 2, 3]),
    ]);
    const [row] = await db.query<{ id: number; at: Date; body: unknown; raw: Uint8Array }>(
      "select * from notes",
    );
    assert.equal(row.id, 9_007_199_254_740_991);
    assert.ok(row.at instanceof Date);
    assert.deepEqual(row.body, { tags: ["a"] });
    assert.deepEqual([...row.raw], [1, 2, 3]);
  }));

Deno.test("A database error crosses the thread with its code and constraint", () =>
  withThread(async (db) => {
    await db.exec(TABLE);
    await db.query("insert into notes (id) values (1)");
    const error = await db.query("insert into notes (id) values (1)").catch((e) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, /duplicate key/);
    assert.equal(uniqueViolation(error), "notes_pkey");
    await assert.rejects(db.query("select * from nowhere"), /"nowhere" does not exist/);
    // A parameter that cannot be copied to the worker's thread is refused on this side.
    await assert.rejects(db.query("select $1", [() => 1]), /could not be cloned/);
    // The thread is still there for the next statement.
    assert.deepEqual(await db.query("select count(*)::int as n from notes"), [{ n: 1 }]);
  }));

Deno.test("A transaction on the thread commits when its work resolves, rolls back when it throws", () =>
  withThread(async (db) => {
    await db.exec(TABLE);
    const result = await db.transaction(async (tx) => {
      await tx.query("insert into notes (id) values (1)");
      return (await tx.query<{ n: number }>("select count(*)::int as n from notes"))[0].n;
    });
    assert.equal(result, 1);
    const failure = new Error("changed my mind");
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("insert into notes (id) values (2)");
        throw failure;
      }),
      (error) => error === failure,
    );
    // A statement that fails inside the transaction rolls it all back.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("insert into notes (id) values (3)");
        await tx.query("insert into notes (id) values (1)");
      }),
      (error) => uniqueViolation(error) === "notes_pkey",
    );
    assert.deepEqual(await db.query("select id from notes"), [{ id: 1 }]);
  }));

Deno.test("A statement from outside an open transaction waits for it to end", () =>
  withThread(async (db) => {
    await db.exec(TABLE);
    const inside = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const transaction = db.transaction(async (tx) => {
      await tx.query("insert into notes (id) values (1)");
      inside.resolve();
      await release.promise;
      await tx.query("insert into notes (id) values (2)");
    });
    await inside.promise;
    const counted = db.query<{ n: number }>("select count(*)::int as n from notes");
    release.resolve();
    await transaction;
    assert.deepEqual(await counted, [{ n: 2 }]);
  }));

Deno.test("The calling thread runs on while a statement runs on PGlite's thread", () =>
  withThread(async (db) => {
    // On the calling thread the statement would hold the thread: nothing else could run until it
    // ended. Here a timer fires while it is still running.
    let finished = false;
    const statement = db.query("select pg_sleep(0.3)").then(() => finished = true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(finished, false, "the timer ran before the statement ended");
    await statement;
  }));

Deno.test("Notifications cross the thread until the listener stops", () =>
  withThread(async (db) => {
    const heard: string[] = [];
    const arrived = Promise.withResolvers<void>();
    const stop = await db.listen("news", (payload) => {
      heard.push(payload);
      arrived.resolve();
    });
    await db.notify("news", "first");
    await arrived.promise;
    await stop();
    await db.notify("news", "second");
    // A round trip after the second NOTIFY: its notification, had it been sent, came before.
    await db.query("select 1");
    assert.deepEqual(heard, ["first"]);
  }));

Deno.test("A dump taken on the thread opens as a copy of the database", async () => {
  let dump: Blob | undefined;
  await withThread(async (db) => {
    await db.exec(TABLE);
    await db.query("insert into notes (id) values (7)");
    dump = await db.dump();
  });
  await withThread(async (copy) => {
    assert.deepEqual(await copy.query("select id from notes"), [{ id: 7 }]);
  }, dump);
});

Deno.test("After closing, a statement fails at once instead of waiting for ever", async () => {
  const db = await openPgliteThread(undefined, await empty());
  await db.close();
  await assert.rejects(db.query("select 1"), /closed/);
  await db.close();
});
