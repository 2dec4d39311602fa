import assert from "node:assert/strict";
import { PGlite } from "@electric-sql/pglite";
import { preparedQuery } from "./pglite_prepared.ts";

/** Runs `use` on an in-memory PGlite, closed afterwards. */
async function withPglite(use: (pg: PGlite) => Promise<void>): Promise<void> {
  const pg = await PGlite.create({ parsers: { 20: Number } });
  try {
    await pg.exec("create table notes (id bigint primary key, body text unique)");
    await use(pg);
  } finally {
    await pg.close();
  }
}

const prepared = (pg: PGlite) =>
  pg.query<{ name: string; statement: string }>(
    "select name, statement from pg_prepared_statements order by name",
  ).then((result) => result.rows);

Deno.test("PGlite prepares a statement once and binds every call to it", () =>
  withPglite(async (pg) => {
    const query = preparedQuery(pg);
    const insert = "insert into notes (id, body) values ($1, $2) returning id, body";
    assert.deepEqual(await query(insert, [1, "первая"]), [{ id: 1, body: "первая" }]);
    assert.deepEqual(await query(insert, [2, "second"]), [{ id: 2, body: "second" }]);
    assert.deepEqual((await prepared(pg)).map((s) => s.statement), [insert]);
    assert.deepEqual(
      await query("select $1::bigint[] as ids, $2::text[] as bodies, $3::json as doc", [
        [1, 2],
        ["a", null, 'b,"c"'],
        { nested: [1] },
      ]),
      [{ ids: [1, 2], bodies: ["a", null, 'b,"c"'], doc: { nested: [1] } }],
    );
    assert.deepEqual(await query("update notes set body = 'x' where id = 99"), []);
  }));

Deno.test("PGlite's prepared statements keep an error's code and constraint, and go on", () =>
  withPglite(async (pg) => {
    const query = preparedQuery(pg);
    const insert = "insert into notes (id, body) values ($1, $2)";
    await query(insert, [1, "same"]);
    await assert.rejects(query(insert, [2, "same"]), {
      code: "23505",
      constraint: "notes_body_key",
    });
    await assert.rejects(query("select $1::bigint", ["not a number"]), { code: "22P02" });
    await assert.rejects(query("select * from no_such_table"), { code: "42P01" });
    assert.deepEqual(await query("select count(*) as n from notes"), [{ n: 1 }]);
  }));

Deno.test("a statement whose table gained a column is prepared again", () =>
  withPglite(async (pg) => {
    const query = preparedQuery(pg);
    await query("insert into notes (id, body) values (1, 'a')");
    const read = "select * from notes where id = $1";
    assert.deepEqual(await query(read, [1]), [{ id: 1, body: "a" }]);
    await pg.exec("alter table notes add column pinned boolean not null default false");
    assert.deepEqual(await query(read, [1]), [{ id: 1, body: "a", pinned: false }]);
  }));

Deno.test("PGlite closes the least recently used statement beyond its limit", () =>
  withPglite(async (pg) => {
    const query = preparedQuery(pg, { maxStatements: 2 });
    await query("select 1 as a");
    await query("select 2 as b");
    await query("select 1 as a");
    await query("select 3 as c");
    // The Close goes with the next call.
    await query("select 1 as a");
    assert.deepEqual(
      (await prepared(pg)).map((s) => s.statement).sort(),
      ["select 1 as a", "select 3 as c"],
    );
  }));

Deno.test("a prepared statement waits for another caller's transaction instead of joining it", () =>
  withPglite(async (pg) => {
    const query = preparedQuery(pg);
    const inTransaction = Promise.withResolvers<void>();
    const rolledBack = pg.transaction(async (tx) => {
      await tx.query("insert into notes (id, body) values (1, 'uncommitted')");
      inTransaction.resolve();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.rollback();
    });
    await inTransaction.promise;
    assert.deepEqual(await query("select count(*) as n from notes"), [{ n: 0 }]);
    await rolledBack;
  }));
