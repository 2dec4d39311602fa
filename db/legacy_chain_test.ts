import assert from "node:assert/strict";
import { describeSchema } from "../tests/helpers/catalog.ts";
import { DB_KINDS, openTestDb } from "../tests/helpers/db.ts";
import { migrate, readMigrations } from "./migrate.ts";
import type { Db } from "./mod.ts";

const LEGACY = new URL("../tests/fixtures/legacy_migrations/", import.meta.url);

/** Builds the schema as the migrations before the baseline did, with their bookkeeping. */
async function applyLegacyChain(db: Db, { upTo = Infinity } = {}): Promise<void> {
  await db.exec(`create table schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  for (const migration of await readMigrations(LEGACY)) {
    if (migration.version > upTo) break;
    await db.exec(migration.sql);
    await db.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
      migration.version,
      migration.name,
      "legacy",
    ]);
  }
}

/** Two users with a personal chat of three messages, one a reply, and a block between others. */
async function seed(db: Db) {
  await db.exec(`
    insert into users (username, email, password_hash, display_name)
    values ('ann', 'ann@example.com', 'h1', 'Ann'), ('bob', null, 'h2', null), ('cy', null, 'h3', null);
    insert into chats (kind, created_by, personal_low, personal_high, last_seq) values ('personal', 1, 1, 2, 3);
    insert into chat_members (chat_id, user_id, last_read_message_id) values (1, 1, 2), (1, 2, 0);
    insert into messages (chat_id, sender_id, content, client_id, seq) values
      (1, 1, 'привет', 'c1', 1), (1, 2, 'hi', 'c2', 2);
    insert into messages (chat_id, sender_id, content, reply_to, seq) values (1, 1, 'reply', 1, 3);
    insert into blocks (blocker_id, blocked_id) values (3, 1);
  `);
}

for (const kind of DB_KINDS) {
  Deno.test(`a database made by the legacy migrations is brought to the baseline, rows kept (${kind})`, async () => {
    await using fresh = await openTestDb(kind, { migrated: false });
    await migrate(fresh.db);
    await using old = await openTestDb(kind, { migrated: false });
    await applyLegacyChain(old.db);
    await seed(old.db);

    // Brought to the baseline, then on like any database made by it.
    const migrations = await readMigrations();
    const sinceBaseline = migrations.filter((m) => m.version > 1).map((m) => m.version);
    assert.deepEqual(await migrate(old.db), sinceBaseline);
    assert.deepEqual(await describeSchema(old.db), await describeSchema(fresh.db));
    const recorded = await old.db.query<{ version: number; name: string }>(
      "select version, name from schema_migrations order by version",
    );
    assert.deepEqual([...recorded], migrations.map(({ version, name }) => ({ version, name })));
    assert.equal(recorded[0].name, "baseline");
    assert.deepEqual(await migrate(old.db), [], "a second start has nothing to do");

    const messages = await old.db.query<{ content: string; reply_to: number | null }>(
      "select content, reply_to from messages order by id",
    );
    assert.deepEqual([...messages], [
      { content: "привет", reply_to: null },
      { content: "hi", reply_to: null },
      { content: "reply", reply_to: 1 },
    ]);
    const [member] = await old.db.query<{ last_read_message_id: number }>(
      "select last_read_message_id from chat_members where user_id = 1",
    );
    assert.equal(member.last_read_message_id, 2);
    assert.equal((await old.db.query("select 1 from blocks")).length, 1);

    // The keys restored: a removed sender's messages stay, from no one; a chat takes its own.
    await old.db.query("delete from users where id = 2");
    const [orphan] = await old.db.query<{ sender_id: number | null }>(
      "select sender_id from messages where content = 'hi'",
    );
    assert.equal(orphan.sender_id, null);
    await old.db.query("delete from chats where id = 1");
    assert.equal((await old.db.query("select 1 from messages")).length, 0);
  });

  Deno.test(`a database that stopped partway through the legacy migrations is refused (${kind})`, async () => {
    await using t = await openTestDb(kind, { migrated: false });
    await applyLegacyChain(t.db, { upTo: 10 });
    await assert.rejects(() => migrate(t.db), /stopped at migration 10/);
  });
}
