/**
 * The admin page on a large installation: `users` accounts and `messages` messages spread over
 * 90 days in 10,000 chats. The figures it shows are kept by the rollup, so the page should not
 * grow with the data; the rollup's first count reads every message once, which is measured too,
 * with a later count of a minute's traffic.
 */
import { grantRole } from "../admin/roles.ts";
import { rollUpStats } from "../admin/stats_rollup.ts";
import type { Db } from "../db/mod.ts";
import { seedUsers } from "./seed.ts";
import { median, percentile } from "./stats.ts";
import { benchDatabase, type DbKind, startParley } from "./target.ts";

export interface AdminFigures {
  p50: number;
  p99: number;
  firstCountMs: number;
  laterCountMs: number;
}

const DAYS = 90;
const CHATS = 10_000;

/** `users` accounts, `CHATS` personal chats between them, `messages` messages over `DAYS` days. */
async function seedInstallation(db: Db, users: number, messages: number): Promise<void> {
  await db.query(
    `insert into users (username, email, password_hash, created_at, email_confirmed_at,
       last_seen_at)
     select 'big' || g, 'big' || g || '@bench.test', '', now() - make_interval(days => g % $2),
       now(), now() - make_interval(hours => g % ($2 * 24))
     from generate_series(1, $1) g`,
    [users, DAYS],
  );
  const [{ first }] = await db.query<{ first: number }>(
    "select min(id) as first from users where username like 'big%'",
  );
  const chats = Math.min(CHATS, Math.floor(users / 2));
  await db.query(
    `insert into chats (kind, personal_low, personal_high, last_seq)
     select 'personal', $1::bigint + 2 * g, $1::bigint + 2 * g + 1, $3::bigint / $2
     from generate_series(0, $2 - 1) g`,
    [first, chats, messages],
  );
  await db.query(
    `insert into chat_members (chat_id, user_id)
     select c.id, u from chats c, unnest(array[c.personal_low, c.personal_high]) u
     where c.kind = 'personal' and c.personal_low >= $1`,
    [first],
  );
  const [{ firstChat }] = await db.query<{ firstChat: number }>(
    `select min(id) as "firstChat" from chats where personal_low >= $1`,
    [first],
  );
  const BATCH = 500_000;
  for (let start = 0; start < messages; start += BATCH) {
    // Message n goes to chat n mod chats, as its (n div chats)-th, from one of its two members.
    await db.query(
      `insert into messages (chat_id, sender_id, content, seq, created_at)
       select $1::bigint + n % $2, $3::bigint + 2 * (n % $2) + (n / $2) % 2, 'bench message',
         n / $2 + 1, now() - make_interval(secs => ($4::bigint - n) * $5::float8 / $4)
       from generate_series($6::bigint, $6::bigint + $7 - 1) n`,
      [firstChat, chats, first, messages, DAYS * 86_400, start, Math.min(BATCH, messages - start)],
    );
  }
  await db.query("analyze");
}

export async function adminSpeed(
  kind: DbKind,
  options: { users: number; messages: number; requests: number },
): Promise<AdminFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    await seedInstallation(db, options.users, options.messages);
    const [admin] = await seedUsers(db, "boss", 1);
    await grantRole(db, null, admin.username, "admin");
    // The count a running server would have made as the messages came, all at once here.
    let started = performance.now();
    await rollUpStats(db, new Date(Date.now() + 120_000));
    const firstCountMs = performance.now() - started;
    // A minute of traffic at a hundred messages a second, then the next count.
    const [chat] = await db.query<{ id: number; personal_low: number }>(
      "select id, personal_low from chats where kind = 'personal' limit 1",
    );
    await db.query(
      `insert into messages (chat_id, sender_id, content, seq, created_at)
       select $1, $2, 'later', 1000000 + n, now() from generate_series(1, 6000) n`,
      [chat.id, chat.personal_low],
    );
    started = performance.now();
    await rollUpStats(db, new Date(Date.now() + 240_000));
    const laterCountMs = performance.now() - started;
    await db.close();

    const target = await startParley(database);
    try {
      const url = new URL("/admin", target.url);
      const headers = { cookie: `parley_session=${admin.token}` };
      const check = await fetch(url, { headers });
      const html = await check.text();
      const shown = Number(
        html.match(/<dt>Accounts<\/dt><dd>([\d,]+)<\/dd>/)?.[1].replaceAll(",", ""),
      );
      if (check.status !== 200 || shown < options.users) {
        throw new Error(`GET /admin answered ${check.status}, showing ${shown} accounts`);
      }
      const times: number[] = [];
      for (let i = 0; i < options.requests + 5; i++) {
        const t = performance.now();
        await (await fetch(url, { headers })).arrayBuffer();
        if (i >= 5) times.push(performance.now() - t); // the first few warm the server up
      }
      return { p50: median(times), p99: percentile(times, 99), firstCountMs, laterCountMs };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
