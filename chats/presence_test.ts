/** Online and last seen, shown as each user's privacy allows. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { registerUser, testAccounts } from "../tests/helpers/accounts.ts";
import { presenceOf, renewOnline, wentOffline } from "./presence.ts";

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
    await wentOffline(db, ann);
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
