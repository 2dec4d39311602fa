/** Registration, sign-in, throttling and recovery, on PGlite and PostgreSQL. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import {
  CLIENT,
  DAY,
  GOOD_PASSWORD,
  HOUR,
  mailedToken,
  MINUTE,
  registerUser,
  testAccounts,
  TestClock,
} from "../tests/helpers/accounts.ts";
import { AccountError } from "./errors.ts";
import { loadUser } from "./users.ts";
import { hashPassword, needsRehash } from "./passwords.ts";
import { requestRecovery, resetPassword } from "./recovery.ts";
import { confirmEmail, register, resendConfirmation, signIn } from "./signin.ts";
import { Throttle, THROTTLE_RULES } from "./throttle.ts";

const ORIGIN = "http://parley.test";

async function refusal(promise: Promise<unknown>): Promise<AccountError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccountError) return error;
    throw error;
  }
  assert.fail("expected an AccountError");
}

dbTest(
  "registration stores a hash, queues a confirmation mail and opens a session",
  async ({ db }) => {
    const deps = testAccounts(db);
    const session = await registerUser(deps, "alice");
    const [user] = await db.query<{ password_hash: string; email_confirmed_at: Date | null }>(
      "select password_hash, email_confirmed_at from users where id = $1",
      [session.userId],
    );
    assert.ok(user.password_hash.startsWith("$argon2id$"));
    assert.ok(!user.password_hash.includes(GOOD_PASSWORD));
    assert.equal(user.email_confirmed_at, null);
    assert.equal((await deps.sessions.verify(session.token))?.userId, session.userId);

    const token = await mailedToken(db, "alice@example.com", "/confirm");
    assert.equal(await confirmEmail(deps, token), true);
    assert.equal(await confirmEmail(deps, token), false, "single use");
    const [confirmed] = await db.query<{ email_confirmed_at: Date | null }>(
      "select email_confirmed_at from users where id = $1",
      [session.userId],
    );
    assert.ok(confirmed.email_confirmed_at);
  },
);

dbTest("a confirmation link expires after 24 hours; a resent one works", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { userId } = await registerUser(deps, "bob");
  const first = await mailedToken(db, "bob@example.com", "/confirm");
  clock.advance(DAY + MINUTE);
  assert.equal(await confirmEmail(deps, first), false);
  await resendConfirmation(deps, userId, "http://parley.test", CLIENT);
  const second = await mailedToken(db, "bob@example.com", "/confirm");
  assert.notEqual(second, first);
  assert.equal(await confirmEmail(deps, second), true);
});

dbTest("usernames and e-mail addresses are unique whatever their case", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "Alice", "Alice@Example.com");
  const name = await refusal(registerUser(deps, "alice", "other@example.com"));
  assert.equal(name.status, 409);
  assert.equal(name.code, "username.taken");
  assert.equal(name.field, "username");
});

dbTest(
  "an address another account holds: the same answer, the address stays its owner's, who is told",
  async ({ db }) => {
    const deps = testAccounts(db);
    const owner = await registerUser(deps, "Alice", "Alice@Example.com");
    const copy = await registerUser(deps, "alice2", "ALICE@example.COM");
    assert.ok(await deps.sessions.verify(copy.token), "signed in, as any new account");
    const user = await loadUser(db, copy.userId);
    assert.equal(user?.email, "ALICE@example.COM", "shown the address it typed");
    assert.equal(user?.emailConfirmed, false);
    const mails = await db.query<{ recipient: string; subject: string }>(
      "select recipient, subject from outbox order by id",
    );
    assert.deepEqual(mails.map((m) => m.recipient), ["Alice@Example.com", "Alice@Example.com"]);
    assert.match(mails[1].subject, /tried to create a Parley account with your address/);
    // Signing in by the address is still its owner's.
    const signedIn = await signIn(deps, {
      login: "alice@example.com",
      password: GOOD_PASSWORD,
      origin: ORIGIN,
    }, CLIENT);
    assert.equal(signedIn.kind === "signedIn" && signedIn.session.userId, owner.userId);
    // No confirmation mail goes to it on the new account's behalf.
    await resendConfirmation(deps, copy.userId, ORIGIN, { ...CLIENT, ip: "10.7.7.7" });
    assert.equal((await db.query("select 1 from outbox")).length, 2);
  },
);

dbTest("two registrations of one name at once: one account, one 409", async ({ db }) => {
  const deps = testAccounts(db);
  const results = await Promise.allSettled([
    registerUser(deps, "race", "race1@example.com"),
    registerUser(deps, "RACE", "race2@example.com"),
  ]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assert.ok(failed.reason instanceof AccountError);
  assert.equal(failed.reason.status, 409);
  const [{ count }] = await db.query<{ count: number }>(
    "select count(*) as count from users where lower(username) = 'race'",
  );
  assert.equal(count, 1);
});

dbTest("the rules refuse bad names, addresses and guessable passwords", async ({ db }) => {
  const deps = testAccounts(db);
  const attempt = (username: string, email: string, password: string) =>
    refusal(register(deps, { username, email, password, lang: "en", origin: "" }, CLIENT));
  assert.equal((await attempt("1abc", "a@b.cd", GOOD_PASSWORD)).code, "username.format");
  assert.equal((await attempt("ab", "a@b.cd", GOOD_PASSWORD)).code, "username.format");
  assert.equal((await attempt("deleted_7", "a@b.cd", GOOD_PASSWORD)).code, "username.reserved");
  assert.equal((await attempt("carol", "not-an-address", GOOD_PASSWORD)).code, "email.format");
  assert.equal((await attempt("carol", "c@b.cd", "test")).code, "password.short");
  assert.equal((await attempt("carol", "c@b.cd", "password123")).code, "password.weak");
  assert.equal((await attempt("carolinda", "c@b.cd", "carolinda")).code, "password.matchesName");
  assert.equal((await attempt("carol", "c@b.cd", "x".repeat(129))).code, "password.long");
});

dbTest("a wrong password and an unknown account get the same answer", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "dora");
  const wrong = await refusal(
    signIn(
      deps,
      { login: "dora", password: "nope-nope-nope", origin: "http://parley.test" },
      CLIENT,
    ),
  );
  const unknown = await refusal(
    signIn(
      deps,
      { login: "nobody", password: "nope-nope-nope", origin: "http://parley.test" },
      CLIENT,
    ),
  );
  assert.deepEqual(
    [wrong.status, wrong.code, wrong.message],
    [unknown.status, unknown.code, unknown.message],
  );
  assert.equal(wrong.status, 401);
  const byEmail = await signIn(deps, {
    login: "DORA@example.com",
    password: GOOD_PASSWORD,
    origin: "http://parley.test",
  }, CLIENT);
  assert.equal(byEmail.kind, "signedIn");
});

dbTest("wrong passwords from one address stop it there, even across a restart", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  await registerUser(deps, "erin");
  const { limit, windowSeconds } = THROTTLE_RULES.userIp;
  const attempt = (password: string, client = CLIENT, d = deps) =>
    signIn(d, { login: "erin", password, origin: ORIGIN }, client);
  for (let i = 0; i < limit; i++) assert.equal((await refusal(attempt("bad"))).status, 401);
  const blocked = await refusal(attempt(GOOD_PASSWORD));
  assert.equal(blocked.status, 429, "even the right password waits, from there");
  assert.ok(blocked.retryAfter! > 0 && blocked.retryAfter! <= windowSeconds);
  const elsewhere = await attempt(GOOD_PASSWORD, { ...CLIENT, ip: "10.1.2.3" });
  assert.equal(elsewhere.kind, "signedIn", "the owner, elsewhere, is not locked out");

  // A new server process reads the same counts from the database.
  const restarted = { ...deps, throttle: new Throttle(db, clock.read) };
  assert.equal((await refusal(attempt(GOOD_PASSWORD, CLIENT, restarted))).status, 429);
  clock.advance(windowSeconds * 1000 + 1000);
  assert.equal((await attempt(GOOD_PASSWORD, CLIENT, restarted)).kind, "signedIn");
});

dbTest(
  "unknown names are throttled like accounts, and one address trying many names too",
  async ({ db }) => {
    const deps = testAccounts(db);
    const attempt = (login: string, client = CLIENT) =>
      signIn(deps, { login, password: "bad", origin: ORIGIN }, client);
    for (let i = 0; i < THROTTLE_RULES.userIp.limit; i++) await refusal(attempt("ghost"));
    assert.equal((await refusal(attempt("ghost"))).status, 429);

    const attacker = { ...CLIENT, ip: "10.9.9.9" };
    for (let i = 0; i < THROTTLE_RULES.ip.limit; i++) await refusal(attempt(`name${i}`, attacker));
    assert.equal((await refusal(attempt("someone-new", attacker))).status, 429);
  },
);

dbTest("a sign-in upgrades a hash made with older parameters", async ({ db }) => {
  const deps = testAccounts(db);
  const { userId } = await registerUser(deps, "fred");
  await db.query("update users set password_hash = $2 where id = $1", [
    userId,
    await hashPassword(GOOD_PASSWORD, { memorySize: 4096, iterations: 1, parallelism: 1 }),
  ]);
  await signIn(
    deps,
    { login: "fred", password: GOOD_PASSWORD, origin: "http://parley.test" },
    CLIENT,
  );
  const [row] = await db.query<{ password_hash: string }>(
    "select password_hash from users where id = $1",
    [userId],
  );
  assert.equal(needsRehash(row.password_hash), false);
});

dbTest("recovery: same answer for anyone, a link good once and for one hour", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const first = await registerUser(deps, "gina");
  const count = async () =>
    (await db.query<{ n: number }>("select count(*) as n from outbox"))[0].n;
  const before = await count();
  assert.equal(await requestRecovery(deps, "nobody-here", "http://parley.test", CLIENT), undefined);
  assert.equal(await count(), before, "no mail for an unknown account");
  assert.equal(await requestRecovery(deps, "GINA", "http://parley.test", CLIENT), undefined);
  assert.equal(await count(), before + 1);

  const token = await mailedToken(db, "gina@example.com", "/reset");
  const next = "maple-orbit-canyon-77";
  const reset = await resetPassword(deps, { token, password: next }, CLIENT);
  assert.equal(await deps.sessions.verify(first.token), undefined, "other sessions end");
  assert.ok(await deps.sessions.verify(reset.token));
  assert.equal((await refusal(resetPassword(deps, { token, password: next }, CLIENT))).status, 410);
  assert.equal(
    (await signIn(deps, { login: "gina", password: next, origin: "http://parley.test" }, CLIENT))
      .kind,
    "signedIn",
  );

  await requestRecovery(deps, "gina", "http://parley.test", CLIENT);
  const late = await mailedToken(db, "gina@example.com", "/reset");
  clock.advance(HOUR + MINUTE);
  assert.equal(
    (await refusal(resetPassword(deps, { token: late, password: next }, CLIENT))).status,
    410,
  );
});

dbTest("a weak new password leaves the reset link usable", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "hank");
  await requestRecovery(deps, "hank", "http://parley.test", CLIENT);
  const token = await mailedToken(db, "hank@example.com", "/reset");
  assert.equal(
    (await refusal(resetPassword(deps, { token, password: "12345678" }, CLIENT))).code,
    "password.weak",
  );
  assert.ok(await resetPassword(deps, { token, password: "maple-orbit-canyon-77" }, CLIENT));
});
