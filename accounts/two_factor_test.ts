/** Two-factor sign-in: setup, codes good once, recovery codes, turning it off. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import {
  CLIENT,
  GOOD_PASSWORD,
  MINUTE,
  registerUser,
  testAccounts,
  TestClock,
} from "../tests/helpers/accounts.ts";
import { AccountError } from "./errors.ts";
import { signIn, signInWithCode } from "./signin.ts";
import { totpCode } from "./totp.ts";
import { beginTwoFactor, disableTwoFactor, enableTwoFactor } from "./two_factor.ts";

async function withTwoFactor(deps: ReturnType<typeof testAccounts>, clock: TestClock) {
  const { userId } = await registerUser(deps, "judy");
  const setup = await beginTwoFactor(deps, userId);
  assert.match(setup.uri, /^otpauth:\/\/totp\/Parley:judy\?/);
  assert.match(setup.qrSvg, /^<svg /);
  await assert.rejects(enableTwoFactor(deps, userId, "000000"), AccountError);
  const codes = await enableTwoFactor(deps, userId, totpCode(setup.secret, clock.now));
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  return { userId, secret: setup.secret, codes };
}

async function ticket(deps: ReturnType<typeof testAccounts>): Promise<string> {
  const result = await signIn(deps, {
    login: "judy",
    password: GOOD_PASSWORD,
    origin: "http://parley.test",
  }, CLIENT);
  assert.equal(result.kind, "secondFactor", "the password alone is not enough");
  return result.kind === "secondFactor" ? result.ticket : "";
}

dbTest("with 2FA on, sign-in needs a code, and a code is good only once", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { secret } = await withTwoFactor(deps, clock);

  clock.advance(MINUTE);
  const code = totpCode(secret, clock.now);
  const session = await signInWithCode(deps, { ticket: await ticket(deps), code }, CLIENT);
  assert.ok(await deps.sessions.verify(session.token));

  const replay = signInWithCode(deps, { ticket: await ticket(deps), code }, CLIENT);
  await assert.rejects(replay, (e) => e instanceof AccountError && e.code === "totp.invalid");

  clock.advance(MINUTE);
  const fresh = totpCode(secret, clock.now);
  assert.ok(await signInWithCode(deps, { ticket: await ticket(deps), code: fresh }, CLIENT));
});

dbTest("a recovery code replaces a code once; a ticket expires", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { codes } = await withTwoFactor(deps, clock);
  const [hashes] = await db.query<{ code_hash: string }>(
    "select code_hash from totp_recovery_codes",
  );
  assert.ok(!codes.includes(hashes.code_hash), "stored hashed");

  assert.ok(
    await signInWithCode(
      deps,
      { ticket: await ticket(deps), code: codes[3].toUpperCase() },
      CLIENT,
    ),
  );
  await assert.rejects(
    signInWithCode(deps, { ticket: await ticket(deps), code: codes[3] }, CLIENT),
    (e) => e instanceof AccountError && e.code === "totp.invalid",
  );
  const old = await ticket(deps);
  clock.advance(6 * MINUTE);
  await assert.rejects(
    signInWithCode(deps, { ticket: old, code: codes[4] }, CLIENT),
    (e) => e instanceof AccountError && e.code === "login.ticket",
  );
});

dbTest("turning 2FA off needs the password and a code", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock });
  const { userId, secret } = await withTwoFactor(deps, clock);
  clock.advance(MINUTE);
  await assert.rejects(
    disableTwoFactor(deps, userId, { password: "wrong", code: totpCode(secret, clock.now) }),
    (e) => e instanceof AccountError && e.code === "password.wrong",
  );
  await assert.rejects(
    disableTwoFactor(deps, userId, { password: GOOD_PASSWORD, code: "123456" }),
    (e) => e instanceof AccountError && e.code === "totp.invalid",
  );
  await disableTwoFactor(deps, userId, {
    password: GOOD_PASSWORD,
    code: totpCode(secret, clock.now),
  });
  const result = await signIn(deps, {
    login: "judy",
    password: GOOD_PASSWORD,
    origin: "http://parley.test",
  }, CLIENT);
  assert.equal(result.kind, "signedIn");
});
