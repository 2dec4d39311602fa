/**
 * `deno task bench:statement`: the batch statement (`db/functions/store_messages.sql`) alone, on a
 * fresh database of each kind: 1,500 batches of 16 messages from 50 personal chats, timed per 300,
 * so that a plan that grows with the table shows as times that grow. It runs as written, without
 * each of its planner settings (what they buy), and without each of the parts a batch pays for
 * (what they cost). `--only` picks variants by a word of their name.
 *
 *   deno task bench:statement [--db=postgres,pglite] [--batch=16] [--only=foreign]
 */
import { parseArgs } from "node:util";
import type { Db } from "../db/mod.ts";
import { round } from "./stats.ts";
import { benchDatabase, type DbKind } from "./target.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    db: { type: "string", default: "postgres,pglite" },
    batch: { type: "string" },
    only: { type: "string" },
  },
});
const size = Number(args.batch ?? 16);
const ROUNDS = 5;
const BATCHES = 300;

interface Variant {
  name: string;
  /** Left out of the function's text; the pattern must match. */
  dropped?: RegExp;
  /** Put in its place. */
  instead?: string;
  /** Run on the fresh database before the batches. */
  setup?: string;
}

const VARIANTS: Variant[] = [
  { name: "as written, scans by index only" },
  { name: "without enable_seqscan = off", dropped: /^set enable_seqscan = \S+\n/m },
  { name: "without enable_bitmapscan = off", dropped: /^set enable_bitmapscan = \S+\n/m },
  { name: "without either", dropped: /^set enable_(seqscan|bitmapscan) = \S+\n/gm },
  {
    name: "without the foreign keys",
    setup: "alter table messages drop constraint messages_chat_id_fkey, " +
      "drop constraint messages_sender_id_fkey",
  },
  { name: "without the chats' lock", dropped: /^\s*perform 1 from chats .*;$/m },
  {
    name: "without the member and block checks",
    dropped: /case\n\s+when \(\n\s+select m\.user_id[\s\S]*?end as refusal/,
    instead: "null::text as refusal",
  },
  {
    name: "without the members in the answer",
    dropped: /\(select json_agg\(m\.user_id order by m\.user_id\)[^\n]*\n\s+as members/,
    instead: "null::json as members",
  },
  {
    name: "without NOTIFY",
    dropped: /select pg_notify\(channel,/,
    instead: "select length(channel ||",
  },
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
    return db.query("select store_messages($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
      ids,
      ids.map((chat) => 2 * chat - 1),
      ids.map(() => "hello"),
      ids.map(() => "text"),
      ids.map((_, i) => `c${sent}-${i}`),
      ids.map(() => null),
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
  for (const { name, dropped, instead, setup } of VARIANTS) {
    if (args.only && !name.includes(args.only)) continue;
    const database = await benchDatabase(kind);
    const db = await database.open();
    try {
      if (dropped) {
        if (!dropped.test(sql)) {
          throw new Error(`store_messages no longer has what "${name}" leaves out`);
        }
        await db.exec(sql.replace(dropped, instead ?? ""));
      }
      if (setup) await db.exec(setup);
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
