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
import { signIn, signInWithCode } from "./signin.ts";
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
