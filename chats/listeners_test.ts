/** Stored messages are announced only while another process listens for them. */
import assert from "node:assert/strict";
import { DB_KINDS, dbTest, openTestDb } from "../tests/helpers/db.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { type DeliveryNews, MESSAGES_CHANNEL, watchStored } from "./group_commit.ts";
import { joinListeners } from "./listeners.ts";
import { sendMessage } from "./messages.ts";
import { openPersonalChat } from "./personal.ts";

const ignoreErrors = { onError: () => {} };

dbTest("a batch is announced only while another process is listed", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await openPersonalChat(db, { requireEmailConfirmation: true }, ann, {
    userId: bob,
  });
  const own = watchStored(db, () => {});
  // The announcements of this pool, as another process would hear them.
  const heard: number[][] = [];
  let told = Promise.withResolvers<void>();
  const unlisten = await db.listen(MESSAGES_CHANNEL, (payload) => {
    const news = JSON.parse(payload) as DeliveryNews;
    if (news.origin !== own.origin) return;
    heard.push(news.ids);
    told.resolve();
  });
  const send = (content: string) => sendMessage(db, ann, { chatId, content });
  try {
    const leaveSelf = await joinListeners(db, own.origin, ignoreErrors);
    const alone = await send("no one else listens");
    let leaveOther = await joinListeners(db, "another-process", ignoreErrors);
    const heardOne = await send("another process listens");
    await told.promise;
    await leaveOther();
    told = Promise.withResolvers();
    const aloneAgain = await send("the other process left");
    leaveOther = await joinListeners(db, "another-process", ignoreErrors);
    const heardTwo = await send("it is back");
    await told.promise;
    // Announcements arrive in the order their batches committed: had the first or third
    // message been announced, it would have been heard before the one after it.
    assert.deepEqual(heard, [[heardOne.id], [heardTwo.id]]);
    assert.ok(![alone.id, aloneAgain.id].some((id) => heard.flat().includes(id)));
    await leaveOther();
    await leaveSelf();
  } finally {
    own.stop();
    await unlisten();
  }
  const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from message_listeners");
  assert.equal(n, 0, "a process that leaves is unlisted");
});

dbTest("a listed process renews itself and drops those that stopped", async ({ db }) => {
  await db.query(
    `insert into message_listeners (origin, seen_at) values
       ('died', now() - interval '11 minutes'), ('alive', now() - interval '1 minute')`,
  );
  const origins = async () =>
    (await db.query<{ origin: string }>("select origin from message_listeners order by origin"))
      .map((row) => row.origin);
  const leave = await joinListeners(db, "me", { ...ignoreErrors, heartbeatMs: 20 });
  try {
    assert.deepEqual(await origins(), ["alive", "me"]);
    await db.query("update message_listeners set seen_at = now() - interval '5 minutes'");
    // Wait for a heartbeat, however long it takes: it must renew this process alone.
    const ownAge = () =>
      db.query<{ renewed: boolean }>(
        `select seen_at > now() - interval '1 minute' as renewed
         from message_listeners where origin = 'me'`,
      );
    while (!(await ownAge())[0].renewed) await new Promise((r) => setTimeout(r, 10));
    const [alive] = await db.query<{ renewed: boolean }>(
      "select seen_at > now() - interval '1 minute' as renewed from message_listeners where origin = 'alive'",
    );
    assert.equal(alive.renewed, false, "another process renews itself");
  } finally {
    await leave();
  }
  assert.deepEqual(await origins(), ["alive"]);
});

// A second pool on one database: PGlite has one connection only.
Deno.test({
  name: "a process that cannot reach the database still stops (postgres)",
  ignore: !DB_KINDS.includes("postgres"),
  async fn() {
    await using t = await openTestDb("postgres");
    const pool = t.openAnother();
    const errors: unknown[] = [];
    const leave = await joinListeners(pool, "me", { onError: (error) => errors.push(error) });
    await pool.close();
    await leave();
    assert.equal(errors.length, 1, "the failed removal is reported, not thrown");
    const [{ n }] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from message_listeners",
    );
    assert.equal(n, 1, "its entry stays until it grows old");
  },
});
