/** Changing the address, the name and the password; deleting the account. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import {
  GOOD_PASSWORD,
  mailedToken,
  registerUser,
  testAccounts,
} from "../tests/helpers/accounts.ts";
import { silentLogger } from "../lib/log.ts";
import { seedDemoData } from "../db/demo.ts";
import { AccountError } from "./errors.ts";
import {
  changeUsername,
  confirmEmailChange,
  deleteAccount,
  requestEmailChange,
} from "./profile.ts";
import { signIn } from "./signin.ts";
import { loadUser } from "./users.ts";

const ORIGIN = "http://parley.test";

dbTest(
  "a new address is confirmed at that address before it replaces the old one",
  async ({ db }) => {
    const deps = testAccounts(db);
    const { userId } = await registerUser(deps, "sam");
    await registerUser(deps, "taken");
    await assert.rejects(
      requestEmailChange(deps, userId, {
        email: "new@example.com",
        password: "wrong",
        origin: ORIGIN,
      }),
      (e) => e instanceof AccountError && e.code === "password.wrong",
    );
    await assert.rejects(
      requestEmailChange(deps, userId, {
        email: "TAKEN@example.com",
        password: GOOD_PASSWORD,
        origin: ORIGIN,
      }),
      (e) => e instanceof AccountError && e.status === 409,
    );
    await requestEmailChange(deps, userId, {
      email: "new@example.com",
      password: GOOD_PASSWORD,
      origin: ORIGIN,
    });
    assert.equal(
      (await loadUser(db, userId))?.email,
      "sam@example.com",
      "unchanged until confirmed",
    );
    const token = await mailedToken(db, "new@example.com", "/confirm-email");
    assert.equal(await confirmEmailChange(deps, token), true);
    const user = await loadUser(db, userId);
    assert.equal(user?.email, "new@example.com");
    assert.equal(user?.emailConfirmed, true);
    assert.equal(await confirmEmailChange(deps, token), false, "single use");
  },
);

dbTest("renaming follows the registration rules and uniqueness", async ({ db }) => {
  const deps = testAccounts(db);
  const { userId } = await registerUser(deps, "uma");
  await registerUser(deps, "victor");
  await assert.rejects(
    changeUsername(deps, userId, "Victor"),
    (e) => e instanceof AccountError && e.status === 409,
  );
  await assert.rejects(
    changeUsername(deps, userId, "x"),
    (e) => e instanceof AccountError && e.status === 422,
  );
  await changeUsername(deps, userId, "uma.k");
  assert.equal(
    (await signIn(deps, { login: "uma.k", password: GOOD_PASSWORD, origin: "http://parley.test" }, {
      ip: "1.1.1.1",
      userAgent: "",
    })).kind,
    "signedIn",
  );
});

dbTest("a deleted account keeps its messages under a placeholder name", async ({ db }) => {
  const deps = testAccounts(db);
  await seedDemoData(db, silentLogger);
  const [alice] = await db.query<{ id: number }>("select id from users where username = 'alice'");
  const before = await db.query("select id from messages where sender_id = $1", [alice.id]);
  assert.ok(before.length > 0);
  await deleteAccount(deps, alice.id, "quiet-river-lantern");
  const after = await db.query("select id from messages where sender_id = $1", [alice.id]);
  assert.equal(after.length, before.length);
  const [row] = await db.query<
    { username: string; email: string | null; display_name: string | null }
  >(
    "select username, email, display_name from users where id = $1",
    [alice.id],
  );
  assert.deepEqual(row, { username: `deleted_${alice.id}`, email: null, display_name: null });
  const [{ contacts }] = await db.query<{ contacts: number }>(
    "select count(*) as contacts from contacts where owner_id = $1 or contact_id = $1",
    [alice.id],
  );
  assert.equal(contacts, 0);
  assert.equal(await loadUser(db, alice.id), undefined);
});

dbTest("demo data: test / test signs in, and seeding twice adds nothing", async ({ db }) => {
  const deps = testAccounts(db);
  await seedDemoData(db, silentLogger);
  await seedDemoData(db, silentLogger);
  const [{ users }] = await db.query<{ users: number }>("select count(*) as users from users");
  assert.equal(users, 5);
  const result = await signIn(deps, {
    login: "test",
    password: "test",
    origin: "http://parley.test",
  }, {
    ip: "1.1.1.1",
    userAgent: "",
  });
  assert.equal(result.kind, "signedIn");
  const [{ chats }] = await db.query<{ chats: number }>(
    "select count(*) as chats from chat_members m join users u on u.id = m.user_id where u.username = 'test'",
  );
  assert.equal(chats, 3);
});
