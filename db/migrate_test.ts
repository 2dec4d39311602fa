import assert from "node:assert/strict";
import { DB_KINDS, dbTest, openTestDb } from "../tests/helpers/db.ts";
import { migrate, readMigrations } from "./migrate.ts";

for (const kind of DB_KINDS) {
  Deno.test(`migrations create the schema once and a second run does nothing (${kind})`, async () => {
    await using t = await openTestDb(kind, { migrated: false });
    const all = await readMigrations();
    assert.equal(all[0].version, 1);
    assert.deepEqual(await migrate(t.db), all.map((m) => m.version));
    assert.deepEqual(await migrate(t.db), []);
    const tables = await t.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = current_schema() order by 1`,
    );
    assert.deepEqual(tables.map((r) => r.name), [
      "audit_log",
      "avatars",
      "blocks",
      "canned_replies",
      "chat_members",
      "chat_pictures",
      "chats",
      "contacts",
      "daily_stats",
      "email_links",
      "former_members",
      "group_invitations",
      "help_articles",
      "help_votes",
      "invite_links",
      "messages",
      "outbox",
      "pinned_messages",
      "push_subscriptions",
      "reactions",
      "read_receipts",
      "reports",
      "schema_migrations",
      "server_processes",
      "stats_progress",
      "throttle",
      "ticket_messages",
      "tickets",
      "tokens",
      "totp_recovery_codes",
      "uploads",
      "users",
    ]);
    const indexes = await t.db.query<{ name: string }>(
      "select indexname as name from pg_indexes where schemaname = current_schema()",
    );
    const names = indexes.map((r) => r.name);
    for (
      const index of [
        "messages_chat_id_id_idx",
        "users_username_key",
        "chats_personal_pair_key",
        "chat_members_owner_key",
        "uploads_unsent_idx",
      ]
    ) {
      assert.ok(names.includes(index), `${index} exists`);
    }
  });

  Deno.test(`concurrent migrations apply each file exactly once (${kind})`, async () => {
    await using t = await openTestDb(kind, { migrated: false });
    const other = kind === "postgres" ? t.openAnother() : t.db;
    const [a, b] = await Promise.all([migrate(t.db), migrate(other)]);
    assert.equal(a.length + b.length, (await readMigrations()).length);
    const rows = await t.db.query("select version from schema_migrations");
    assert.equal(rows.length, (await readMigrations()).length);
  });

  Deno.test(`a migration edited after it was applied stops the start (${kind})`, async () => {
    await using t = await openTestDb(kind);
    const edited = (await readMigrations()).map((m, i) =>
      i === 0 ? { ...m, sql: m.sql + "\n-- edited" } : m
    );
    await assert.rejects(
      () => migrate(t.db, { migrations: edited }),
      /Migration 1 \(baseline\) changed after it was applied/,
    );
  });
}

dbTest("ids, counts and times come back as numbers and Dates", async ({ db }) => {
  const [user] = await db.query<{ id: number; created_at: Date }>(
    "insert into users (username, password_hash) values ($1, $2) returning id, created_at",
    ["ann", "x"],
  );
  assert.equal(typeof user.id, "number");
  assert.ok(user.created_at instanceof Date);
  const [count] = await db.query<{ n: number }>("select count(*) as n from users");
  assert.equal(count.n, 1);
});

dbTest("a transaction commits on success and rolls back on error", async ({ db }) => {
  await db.transaction(async (tx) => {
    await tx.query("insert into users (username, password_hash) values ('kept', 'x')");
  });
  await assert.rejects(() =>
    db.transaction(async (tx) => {
      await tx.query("insert into users (username, password_hash) values ('dropped', 'x')");
      throw new Error("changed my mind");
    }), /changed my mind/);
  const rows = await db.query<{ username: string }>("select username from users");
  assert.deepEqual(rows.map((r) => r.username), ["kept"]);
});

dbTest("usernames are unique whatever their case", async ({ db }) => {
  await db.query("insert into users (username, password_hash) values ('Ann', 'x')");
  await assert.rejects(
    () => db.query("insert into users (username, password_hash) values ('aNN', 'x')"),
    /duplicate key|unique/,
  );
});

dbTest("LISTEN receives what NOTIFY sends, until it stops listening", async ({ db }) => {
  const channel = `test_${crypto.randomUUID().slice(0, 8)}`;
  const received: string[] = [];
  const { promise, resolve } = Promise.withResolvers<void>();
  const stop = await db.listen(channel, (payload) => {
    received.push(payload);
    resolve();
  });
  await db.notify(channel, "hello");
  await promise;
  await stop();
  assert.deepEqual(received, ["hello"]);
});
