/** Throttling under concurrency: attempts made at once are counted one after another. */
import assert from "node:assert/strict";
import { DB_KINDS, dbTest, openTestDb } from "../tests/helpers/db.ts";
import {
  CLIENT,
  GOOD_PASSWORD,
  mailedToken,
  registerUser,
  testAccounts,
  TestClock,
} from "../tests/helpers/accounts.ts";
import { AccountError } from "./errors.ts";
import type { Db } from "../db/mod.ts";
import { requestEmailChange } from "./profile.ts";
import { requestRecovery } from "./recovery.ts";
import { register, resendConfirmation, signIn, signInWithCode, signInWithLink } from "./signin.ts";
import type { AccountDeps } from "./deps.ts";
import { THROTTLE_RULES } from "./throttle.ts";
import { totpCode } from "./totp.ts";
import { beginTwoFactor, enableTwoFactor } from "./two_factor.ts";

/** How many of `attempts` got each answer: an HTTP-like status, or "ok". */
async function tally(attempts: Promise<unknown>[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const outcome of await Promise.allSettled(attempts)) {
    let key = "ok";
    if (outcome.status === "rejected") {
      if (!(outcome.reason instanceof AccountError)) throw outcome.reason;
      key = String(outcome.reason.status);
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const ORIGIN = "http://parley.test";

/** A sign-in with `password` from `ip` (CLIENT's by default). */
function attempt(deps: AccountDeps, login: string, password: string, ip = CLIENT.ip) {
  return signIn(deps, { login, password, origin: ORIGIN }, { ...CLIENT, ip });
}

dbTest("a hundred guesses at once from one address: only its limit is checked", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "erin");
  const { limit } = THROTTLE_RULES.userIp;
  const guesses = Array.from({ length: 100 }, (_, i) => attempt(deps, "erin", `guess-${i}`));
  assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
  const owner = attempt(deps, "erin", GOOD_PASSWORD);
  assert.deepEqual(await tally([owner]), { 429: 1 }, "the right password waits like the others");
});

Deno.test({
  name: "guesses at once through two processes' pools: the limit holds across them (postgres)",
  ignore: !DB_KINDS.includes("postgres"),
  async fn() {
    await using t = await openTestDb("postgres");
    const here = testAccounts(t.db);
    const there = testAccounts(t.openAnother());
    await registerUser(here, "erin");
    const guesses = Array.from(
      { length: 100 },
      (_, i) => attempt(i % 2 ? here : there, "erin", `guess-${i}`),
    );
    const { limit } = THROTTLE_RULES.userIp;
    assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
  },
});

dbTest(
  "guessed at from many addresses, the account is not locked: the owner finishes by mail",
  async ({ db }) => {
    const deps = testAccounts(db);
    await registerUser(deps, "erin");
    const { limit } = THROTTLE_RULES.user;
    // In two waves, each within what the password workers queue.
    for (const wave of [0, 1]) {
      const guesses = Array.from(
        { length: limit / 2 + 10 },
        (_, i) => attempt(deps, "erin", `guess-${i}`, `10.3.${wave}.${i}`),
      );
      assert.deepEqual(await tally(guesses), { 401: limit / 2 + 10 }, "each within its limits");
    }
    assert.equal(await mailsTo(db, "erin@example.com", "guess"), 1, "the owner is told once");

    // A guess that is right no longer signs in: it mails the owner a link.
    const right = await attempt(deps, "erin", GOOD_PASSWORD, "10.3.9.1");
    assert.deepEqual(right, { kind: "mailed" });
    const token = await mailedToken(db, "erin@example.com", "/signin");
    const owner = { ...CLIENT, ip: "10.3.9.2" };
    const session = await signInWithLink(deps, token, owner);
    assert.ok(session && await deps.sessions.verify(session.token));
    assert.equal(await signInWithLink(deps, token, owner), undefined, "the link works once");
  },
);

dbTest("with two-factor sign-in, the code is the proof, guessed at or not", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { userId } = await registerUser(deps, "judy");
  const setup = await beginTwoFactor(deps, userId);
  await enableTwoFactor(deps, userId, totpCode(setup.secret, clock.now));
  const { limit } = THROTTLE_RULES.user;
  for (let i = 0; i <= limit; i++) await tally([attempt(deps, "judy", "bad", `10.4.${i}.1`)]);
  const first = await attempt(deps, "judy", GOOD_PASSWORD);
  assert.equal(first.kind, "secondFactor");
  const ticket = first.kind === "secondFactor" ? first.ticket : "";
  clock.advance(60_000);
  const session = await signInWithCode(
    deps,
    { ticket, code: totpCode(setup.secret, clock.now) },
    CLIENT,
  );
  assert.ok(await deps.sessions.verify(session.token));
});

dbTest("a hundred names at once from one address: only the address's limit", async ({ db }) => {
  const deps = testAccounts(db);
  const { limit } = THROTTLE_RULES.ip;
  const guesses = Array.from({ length: 100 }, (_, i) => attempt(deps, `name-${i}`, "bad"));
  assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
});

dbTest("a hundred codes at once for one ticket: only the limit is checked", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { userId } = await registerUser(deps, "judy");
  const setup = await beginTwoFactor(deps, userId);
  await enableTwoFactor(deps, userId, totpCode(setup.secret, clock.now));
  const first = await attempt(deps, "judy", GOOD_PASSWORD);
  assert.equal(first.kind, "secondFactor");
  const ticket = first.kind === "secondFactor" ? first.ticket : "";
  const right = totpCode(setup.secret, clock.now);
  const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, "0");
  const codes = Array.from(
    { length: 100 },
    (_, i) => signInWithCode(deps, { ticket, code: wrong(i) }, { ...CLIENT, ip: `10.4.${i}.1` }),
  );
  const { limit } = THROTTLE_RULES.codeUser;
  assert.deepEqual(await tally(codes), { 401: limit, 429: 100 - limit });
  const rightAfter = signInWithCode(deps, { ticket, code: right }, { ...CLIENT, ip: "10.4.200.1" });
  assert.deepEqual(await tally([rightAfter]), { 429: 1 }, "even the right code waits");
});

dbTest("a right password gives the address its attempt back", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "frank");
  const { limit } = THROTTLE_RULES.ip;
  for (let i = 0; i < limit - 1; i++) await tally([attempt(deps, `other-${i}`, "bad")]);
  for (let i = 0; i < 3; i++) {
    assert.equal((await attempt(deps, "frank", GOOD_PASSWORD)).kind, "signedIn");
  }
  assert.deepEqual(await tally([attempt(deps, "x", "bad")]), { 401: 1 });
  assert.deepEqual(await tally([attempt(deps, "y", "bad")]), { 429: 1 });
});

/** How many mails went to `to` with `word` in their subject. */
async function mailsTo(db: Db, to: string, word: string): Promise<number> {
  const rows = await db.query("select 1 from outbox where recipient = $1 and subject ilike $2", [
    to,
    `%${word}%`,
  ]);
  return rows.length;
}

/** The addresses mail was queued to, with how many each. */
async function mailCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.query<{ recipient: string; count: number }>(
    "select recipient, count(*)::int as count from outbox group by recipient",
  );
  return Object.fromEntries(rows.map((row) => [row.recipient, row.count]));
}

dbTest("recovery mail: a few per name and per address, asked for at once", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "gina");
  const before = (await mailCounts(db))["gina@example.com"];
  const { mailTo, mailIp } = THROTTLE_RULES;
  const forGina = Array.from(
    { length: 20 },
    (_, i) => requestRecovery(deps, "GINA", "http://parley.test", { ...CLIENT, ip: `10.6.${i}.1` }),
  );
  assert.deepEqual(await tally(forGina), { ok: mailTo.limit, 429: 20 - mailTo.limit });
  assert.equal((await mailCounts(db))["gina@example.com"], before + mailTo.limit);

  const fromOne = Array.from(
    { length: 20 },
    (_, i) => requestRecovery(deps, `name-${i}`, "http://parley.test", CLIENT),
  );
  assert.deepEqual(await tally(fromOne), { ok: mailIp.limit, 429: 20 - mailIp.limit });
});

dbTest("registrations: a few per address and per e-mail address, at once", async ({ db }) => {
  const deps = testAccounts(db);
  const { registerIp, registerEmail } = THROTTLE_RULES;
  const register12 = Array.from({ length: 12 }, (_, i) =>
    register(deps, {
      username: `user${i}`,
      email: `user${i}@example.com`,
      password: GOOD_PASSWORD,
      lang: "en",
      origin: "http://parley.test",
    }, CLIENT));
  assert.deepEqual(await tally(register12), { ok: registerIp.limit, 429: 12 - registerIp.limit });

  const sameAddress = Array.from({ length: 5 }, (_, i) =>
    register(deps, {
      username: `victim${i}`,
      email: "Victim@example.com",
      password: GOOD_PASSWORD,
      lang: "en",
      origin: "http://parley.test",
    }, { ...CLIENT, ip: `10.7.${i}.1` }));
  assert.deepEqual(await tally(sameAddress), {
    ok: registerEmail.limit,
    429: 5 - registerEmail.limit,
  });
  const holders = await db.query("select 1 from users where lower(email) = 'victim@example.com'");
  assert.equal(holders.length, 1, "one account holds the address; the others only claim it");
});

dbTest("confirmation resends and e-mail changes: a few per account", async ({ db }) => {
  const deps = testAccounts(db);
  const { userId } = await registerUser(deps, "hugo");
  const { mailTo } = THROTTLE_RULES;
  const resends = Array.from(
    { length: 6 },
    (_, i) =>
      resendConfirmation(deps, userId, "http://parley.test", { ...CLIENT, ip: `10.8.${i}.1` }),
  );
  assert.deepEqual(await tally(resends), { ok: mailTo.limit, 429: 6 - mailTo.limit });
  const change = requestEmailChange(deps, userId, {
    email: "hugo2@example.com",
    password: GOOD_PASSWORD,
    origin: "http://parley.test",
  });
  assert.deepEqual(await tally([change]), { 429: 1 }, "the same account's mail budget");
});

dbTest("sessions opened by signing in: a limit per account", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "iris");
  const { sessionUser } = THROTTLE_RULES;
  // One after another: attempts at once wait for each other's check (the first test).
  const counts: Record<string, number> = {};
  for (let i = 0; i < sessionUser.limit + 2; i++) {
    const client = { ...CLIENT, ip: `10.9.${i}.1` };
    const [[outcome, n]] = Object.entries(
      await tally([
        signIn(
          deps,
          { login: "iris", password: GOOD_PASSWORD, origin: "http://parley.test" },
          client,
        ),
      ]),
    );
    counts[outcome] = (counts[outcome] ?? 0) + n;
  }
  assert.deepEqual(counts, { ok: sessionUser.limit, 429: 2 });
});
