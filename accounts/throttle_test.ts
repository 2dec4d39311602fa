/** Throttling under concurrency: attempts made at once are counted one after another. */
import assert from "node:assert/strict";
import { DB_KINDS, dbTest, openTestDb } from "../tests/helpers/db.ts";
import {
  CLIENT,
  GOOD_PASSWORD,
  registerUser,
  testAccounts,
  TestClock,
} from "../tests/helpers/accounts.ts";
import { AccountError } from "./errors.ts";
import type { Db } from "../db/mod.ts";
import { requestEmailChange } from "./profile.ts";
import { register, requestRecovery, resendConfirmation, signIn, signInWithCode } from "./signin.ts";
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

dbTest("a hundred guesses at once: only the account's limit is checked", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "erin");
  const { limit } = THROTTLE_RULES.user;
  const guesses = Array.from(
    { length: 100 },
    (_, i) =>
      signIn(deps, { login: "erin", password: `guess-${i}` }, { ...CLIENT, ip: `10.3.${i}.1` }),
  );
  assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
  const owner = signIn(deps, { login: "erin", password: GOOD_PASSWORD }, CLIENT);
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
      (_, i) =>
        signIn(i % 2 ? here : there, { login: "erin", password: `guess-${i}` }, {
          ...CLIENT,
          ip: `10.5.${i}.1`,
        }),
    );
    const { limit } = THROTTLE_RULES.user;
    assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
  },
});

dbTest("a hundred names at once from one address: only the address's limit", async ({ db }) => {
  const deps = testAccounts(db);
  const { limit } = THROTTLE_RULES.ip;
  const guesses = Array.from(
    { length: 100 },
    (_, i) => signIn(deps, { login: `name-${i}`, password: "bad" }, CLIENT),
  );
  assert.deepEqual(await tally(guesses), { 401: limit, 429: 100 - limit });
});

dbTest("a hundred codes at once for one ticket: only the limit is checked", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { userId } = await registerUser(deps, "judy");
  const setup = await beginTwoFactor(deps, userId);
  await enableTwoFactor(deps, userId, totpCode(setup.secret, clock.now));
  const first = await signIn(deps, { login: "judy", password: GOOD_PASSWORD }, CLIENT);
  assert.equal(first.kind, "secondFactor");
  const ticket = first.kind === "secondFactor" ? first.ticket : "";
  const right = totpCode(setup.secret, clock.now);
  const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, "0");
  const codes = Array.from(
    { length: 100 },
    (_, i) => signInWithCode(deps, { ticket, code: wrong(i) }, { ...CLIENT, ip: `10.4.${i}.1` }),
  );
  const { limit } = THROTTLE_RULES.user;
  assert.deepEqual(await tally(codes), { 401: limit, 429: 100 - limit });
});

dbTest("a right password gives the address its attempt back", async ({ db }) => {
  const deps = testAccounts(db);
  await registerUser(deps, "frank");
  const { limit } = THROTTLE_RULES.ip;
  for (let i = 0; i < limit - 1; i++) {
    await tally([signIn(deps, { login: `other-${i}`, password: "bad" }, CLIENT)]);
  }
  for (let i = 0; i < 3; i++) {
    const signedIn = await signIn(deps, { login: "frank", password: GOOD_PASSWORD }, CLIENT);
    assert.equal(signedIn.kind, "signedIn");
  }
  assert.deepEqual(await tally([signIn(deps, { login: "x", password: "bad" }, CLIENT)]), {
    401: 1,
  });
  assert.deepEqual(await tally([signIn(deps, { login: "y", password: "bad" }, CLIENT)]), {
    429: 1,
  });
});

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
  const outcomes = await tally(sameAddress);
  assert.equal(outcomes[429], 5 - registerEmail.limit);
  assert.equal(outcomes.ok, 1, "one account; the others are taken");
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
      await tally([signIn(deps, { login: "iris", password: GOOD_PASSWORD }, client)]),
    );
    counts[outcome] = (counts[outcome] ?? 0) + n;
  }
  assert.deepEqual(counts, { ok: sessionUser.limit, 429: 2 });
});
