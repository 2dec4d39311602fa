import assert from "node:assert/strict";
import { silentLogger } from "../lib/log.ts";
import { within } from "../tests/helpers/wait.ts";
import { dbTest } from "../tests/helpers/db.ts";
import { startTokenSweeper, sweepTokens } from "./token_sweeper.ts";
import type { Db } from "../db/mod.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

async function seed(db: Db) {
  const [{ id }] = await db.query<{ id: number }>(
    "insert into users (username, password_hash) values ('ann', 'x') returning id",
  );
  const insert = (label: string, expires: Date, revoked: Date | null) =>
    db.query(
      "insert into tokens (user_id, expires_at, revoked_at, user_agent) values ($1, $2, $3, $4)",
      [
        id,
        expires,
        revoked,
        label,
      ],
    );
  await insert("expired", minutes(-1), null);
  await insert("expires-now", minutes(0), null);
  await insert("live", minutes(1), null);
  await insert("revoked", minutes(60), minutes(-5));
  await insert("live-long", minutes(7200), null);
}

const labels = async (db: Db) =>
  (await db.query<{ user_agent: string }>("select user_agent from tokens order by id")).map((r) =>
    r.user_agent
  );

dbTest("sweepTokens deletes only expired and revoked tokens", async ({ db }) => {
  await seed(db);
  assert.equal(await sweepTokens(db, NOW), 3);
  assert.deepEqual(await labels(db), ["live", "live-long"]);
  assert.equal(await sweepTokens(db, NOW), 0);
  assert.equal(await sweepTokens(db, minutes(2)), 1);
  assert.deepEqual(await labels(db), ["live-long"]);
});

dbTest("the sweeper runs on its schedule with the time its clock gives", async ({ db }) => {
  await seed(db);
  let now = minutes(-10);
  let sweeps = 0;
  const sweeper = startTokenSweeper({
    db,
    log: silentLogger,
    intervalSeconds: 0.02,
    clock: () => (sweeps++, now),
  });
  try {
    assert.equal(await sweeper.sweep(), 1, "at -10 min only the revoked token goes");
    now = minutes(2);
    // Wait for scheduled sweeps, not a fixed time: the schedule must remove the rest by itself.
    for (let i = 0; i < 100 && (await labels(db)).length > 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await labels(db), ["live-long"]);
  } finally {
    await sweeper.stop();
  }
  now = minutes(10_000);
  const sweepsAtStop = sweeps;
  // Another sweeper on the same schedule: once it has swept twice, the first would have too.
  const twice = Promise.withResolvers<void>();
  let otherSweeps = 0;
  const other = startTokenSweeper({
    db,
    log: silentLogger,
    intervalSeconds: 0.02,
    clock: () => {
      if (++otherSweeps === 2) twice.resolve();
      return minutes(-10);
    },
  });
  await within(twice.promise, 5_000, "two sweeps of another sweeper");
  await other.stop();
  assert.equal(sweeps, sweepsAtStop, "a stopped sweeper sweeps no more");
  assert.deepEqual(await labels(db), ["live-long"]);
});

dbTest("a sweep also drops expired e-mail links and day-old throttle counts", async ({ db }) => {
  const [{ id }] = await db.query<{ id: number }>(
    "insert into users (username, password_hash) values ('bo', 'x') returning id",
  );
  for (const [hash, expires] of [["old", minutes(-1)], ["fresh", minutes(30)]] as const) {
    await db.query(
      `insert into email_links (user_id, purpose, token_hash, email, expires_at)
       values ($1, 'reset', $2, 'bo@example.com', $3)`,
      [id, hash, expires],
    );
  }
  await db.query(
    `insert into throttle (key, used, window_started_at)
     values ('ip:1', 5, $1), ('ip:2', 5, $2)`,
    [minutes(-25 * 60), minutes(-10)],
  );
  await sweepTokens(db, NOW);
  const links = await db.query<{ token_hash: string }>("select token_hash from email_links");
  assert.deepEqual(links.map((l) => l.token_hash), ["fresh"]);
  const throttles = await db.query<{ key: string }>("select key from throttle");
  assert.deepEqual(throttles.map((t) => t.key), ["ip:2"]);
});
