/**
 * `deno task bench:statement`: the batch statement (`db/functions/store_messages.sql`) alone, as
 * written and without each of its planner settings, on a fresh database of each kind: 1,500 batches of
 * 16 messages from 50 personal chats, timed per 300, so that a plan that grows with the table
 * shows as times that grow.
 *
 *   deno task bench:statement [--db=postgres,pglite] [--batch=16]
 */
import { parseArgs } from "node:util";
import type { Db } from "../db/mod.ts";
import { round } from "./stats.ts";
import { benchDatabase, type DbKind } from "./target.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: { db: { type: "string", default: "postgres,pglite" }, batch: { type: "string" } },
});
const size = Number(args.batch ?? 16);
const ROUNDS = 5;
const BATCHES = 300;

/** The function as written, and with its planner settings left out. */
const VARIANTS: [name: string, dropped?: RegExp][] = [
  ["as written, scans by index only"],
  ["without enable_seqscan = off", /^set enable_seqscan = \S+\n/m],
  ["without enable_bitmapscan = off", /^set enable_bitmapscan = \S+\n/m],
  ["without either", /^set enable_(seqscan|bitmapscan) = \S+\n/gm],
];

/** Mean milliseconds per batch in each round of `BATCHES`. */
async function timeBatches(db: Db): Promise<number[]> {
  await db.exec(`
    insert into users (username, password_hash) select 'u' || i, 'x' from generate_series(1, 100) i;
    insert into chats (kind, personal_low, personal_high)
      select 'personal', 2 * i - 1, 2 * i from generate_series(1, 50) i;
    insert into chat_members (chat_id, user_id)
      select i, 2 * i - 1 from generate_series(1, 50) i
      union all select i, 2 * i from generate_series(1, 50) i;`);
  let sent = 0;
  const batch = () => {
    const ids = Array.from({ length: size }, (_, i) => (sent + i) % 50 + 1);
    sent += size;
    return db.query("select store_messages($1, $2, $3, $4, $5, $6, $7, $8)", [
      ids,
      ids.map((chat) => 2 * chat - 1),
      ids.map(() => "hello"),
      ids.map(() => "text"),
      ids.map((_, i) => `c${sent}-${i}`),
      ids.map(() => null),
      "bench_statement",
      "bench",
    ]);
  };
  const means: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let b = 0; b < BATCHES; b++) await batch();
    means.push((performance.now() - started) / BATCHES);
  }
  return means;
}

const sql = await Deno.readTextFile(new URL("../db/functions/store_messages.sql", import.meta.url));
for (const kind of args.db.split(",") as DbKind[]) {
  for (const [name, dropped] of VARIANTS) {
    const database = await benchDatabase(kind);
    const db = await database.open();
    try {
      if (dropped) await db.exec(sql.replace(dropped, ""));
      const means = await timeBatches(db);
      // deno-lint-ignore no-console
      console.log(
        `${kind}, ${name}: ms per ${size}-message batch, by ${BATCHES} batches: ` +
          means.map((m) => round(m, 2)).join(", "),
      );
    } finally {
      await db.close();
      await database.drop();
    }
  }
}
