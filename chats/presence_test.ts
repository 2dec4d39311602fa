/** Online and last seen, shown as each user's privacy allows. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { registerUser, testAccounts } from "../tests/helpers/accounts.ts";
import { within } from "../tests/helpers/wait.ts";
import { presenceInBatches, presenceOf, renewOnline, wentOffline } from "./presence.ts";

dbTest(
  "presence: online while renewed, last seen after, hidden as privacy says",
  async ({ db }) => {
    const deps = testAccounts(db);
    const ann = (await registerUser(deps, "ann")).userId;
    const bob = (await registerUser(deps, "bob")).userId;
    const seenBy = async (viewer: number) => (await presenceOf(db, viewer, [ann]))[0];

    assert.deepEqual(await seenBy(bob), { userId: ann, online: false, lastSeenAt: null });
    await renewOnline(db, [ann]);
    assert.equal((await seenBy(bob)).online, true);
    await wentOffline(db, [ann]);
    const after = await seenBy(bob);
    assert.equal(after.online, false);
    assert.ok(after.lastSeenAt instanceof Date);

    await renewOnline(db, [ann]);
    await db.query("update users set last_seen_visible_to = 'contacts' where id = $1", [ann]);
    assert.deepEqual(await seenBy(bob), { userId: ann, online: false, lastSeenAt: null });
    await db.query("insert into contacts (owner_id, contact_id) values ($1, $2)", [ann, bob]);
    assert.equal((await seenBy(bob)).online, true, "her contacts see her");
    await db.query("update users set last_seen_visible_to = 'nobody' where id = $1", [ann]);
    assert.equal((await seenBy(bob)).online, false);
    assert.equal((await seenBy(ann)).online, true, "she sees herself");

    await db.query("update users set last_seen_visible_to = 'everyone' where id = $1", [ann]);
    await db.query("insert into blocks (blocker_id, blocked_id) values ($1, $2)", [ann, bob]);
    assert.deepEqual(
      await seenBy(bob),
      { userId: ann, online: false, lastSeenAt: null },
      "not to the blocked",
    );
  },
);

dbTest(
  "users who leave together are marked gone together, but not one who came back",
  async ({ db }) => {
    const deps = testAccounts(db);
    const ids = [];
    for (const name of ["ann", "bob", "cat", "dan"]) {
      ids.push(
        (await registerUser(deps, name)).userId,
      );
    }
    await renewOnline(db, ids);
    const [ann, bob, cat, dan] = ids;
    const here = new Set([cat]);
    const errors: unknown[] = [];
    // Each statement that marks users gone, with the users it names; the first is held until
    // the test lets it go, so that someone can leave while it is being written.
    const batches: number[][] = [];
    const firstStarted = Promise.withResolvers<void>();
    const firstHeld = Promise.withResolvers<void>();
    const secondWritten = Promise.withResolvers<void>();
    const watched: typeof db = {
      ...db,
      query: async <Row>(sql: string, params?: unknown[]) => {
        if (!sql.startsWith("update users set last_seen_at = now(), online_until = null")) {
          return await db.query<Row>(sql, params);
        }
        batches.push((params![0] as number[]).map(Number).sort((a, b) => a - b));
        if (batches.length === 1) {
          firstStarted.resolve();
          await firstHeld.promise;
        }
        const result = await db.query<Row>(sql, params);
        if (batches.length === 2) secondWritten.resolve();
        return result;
      },
    };
    const { left } = presenceInBatches(watched, {
      isHere: (id) => here.has(id),
      onError: (e) => errors.push(e),
    });
    left(ann);
    left(bob);
    left(cat); // and back before the batch is written
    await within(firstStarted.promise, 5_000, "the first batch");
    left(dan); // while the first batch is written: the next one
    firstHeld.resolve();
    await within(secondWritten.promise, 5_000, "the second batch");
    assert.deepEqual(batches, [[ann, bob], [dan]]);
    const rows = await db.query<{ id: number; online: boolean; seen: boolean }>(
      `select id, coalesce(online_until > now(), false) as online, last_seen_at is not null as seen
     from users where id = any($1::bigint[]) order by id`,
      [ids],
    );
    const online = new Map(rows.map((row) => [row.id, row.online]));
    assert.deepEqual([ann, bob, cat, dan].map((id) => online.get(id)), [false, false, true, false]);
    assert.deepEqual(errors, []);
  },
);
