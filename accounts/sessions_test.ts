/** Session tokens: the limit per account, sliding expiry, IP binding, revocation. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import {
  CLIENT,
  DAY,
  GOOD_PASSWORD,
  registerUser,
  testAccounts,
  TestClock,
} from "../tests/helpers/accounts.ts";
import { MAX_TOKEN_LENGTH, REVOKED_CHANNEL, Sessions, TOUCH_AFTER_MS } from "./sessions.ts";
import { signIn, signOut } from "./signin.ts";

async function signInToken(deps: ReturnType<typeof testAccounts>, client = CLIENT) {
  const result = await signIn(deps, {
    login: "ivan",
    password: GOOD_PASSWORD,
    origin: "http://parley.test",
  }, client);
  assert.equal(result.kind, "signedIn");
  return result.kind === "signedIn" ? result.session : assert.fail();
}

dbTest("a sign-in beyond the limit ends the oldest session", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock, maxSessions: 3 });
  const first = await registerUser(deps, "ivan");
  const ended: string[] = [];
  const stop = await db.listen(REVOKED_CHANNEL, (payload) => ended.push(payload));
  const later = [];
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    later.push(await signInToken(deps));
  }
  assert.equal(await deps.sessions.verify(first.token), undefined, "the oldest is gone");
  for (const session of later) assert.ok(await deps.sessions.verify(session.token));
  assert.equal((await deps.sessions.list(first.userId)).length, 3);
  for (let i = 0; i < 50 && ended.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ended, [String(first.tokenId)], "other processes hear of it");
  await stop();
});

dbTest("sessions slide: each use extends them, written at most once a minute", async ({ db }) => {
  const clock = new TestClock();
  const deps = testAccounts(db, { clock, ttlSeconds: 5 * 86_400 });
  const { token, tokenId } = await registerUser(deps, "ivan");
  const lastUsed = async () =>
    (await db.query<{ last_used_at: Date }>("select last_used_at from tokens where id = $1", [
      tokenId,
    ]))[0]
      .last_used_at.getTime();

  const created = await lastUsed();
  clock.advance(TOUCH_AFTER_MS / 2);
  assert.equal((await deps.sessions.verify(token))?.extended, false);
  assert.equal(await lastUsed(), created, "no write for a use right after another");

  clock.advance(4 * DAY);
  const used = await deps.sessions.verify(token);
  assert.equal(used?.extended, true);
  assert.equal(used?.expiresAt.getTime(), clock.now.getTime() + 5 * DAY);
  assert.equal(await lastUsed(), clock.now.getTime());

  clock.advance(4 * DAY);
  assert.ok(await deps.sessions.verify(token), "alive 8 days after sign-in, 4 after last use");
  clock.advance(5 * DAY + 1000);
  assert.equal(await deps.sessions.verify(token), undefined, "expired 5 days after last use");
});

dbTest("sessions checked at once are read together, each answered for itself", async ({ db }) => {
  const deps = testAccounts(db);
  const { userId } = await registerUser(deps, "ivan");
  const sessions = [];
  for (let i = 0; i < 5; i++) sessions.push(await signInToken(deps));
  await deps.sessions.revoke(userId, sessions[2].tokenId);
  const answers = await Promise.all([
    ...sessions.map((session) => deps.sessions.verify(session.token)),
    deps.sessions.verify(sessions[0].token),
  ]);
  assert.deepEqual(
    answers.map((answer) => answer?.tokenId),
    [...sessions.map((s, i) => i === 2 ? undefined : s.tokenId), sessions[0].tokenId],
  );
  assert.ok(answers.every((answer) => answer === undefined || answer.userId === userId));
});

dbTest("a session bound to its address is refused from another", async ({ db }) => {
  const bound = testAccounts(db, { bindIp: true });
  const { token } = await registerUser(bound, "ivan");
  assert.ok(await bound.sessions.verify(token, CLIENT.ip));
  assert.equal(await bound.sessions.verify(token, "192.0.2.77"), undefined);
  const unbound = testAccounts(db, { bindIp: false });
  assert.ok(await unbound.sessions.verify(token, "192.0.2.77"), "off by default");
});

dbTest("sign-out, revoking one, and revoking all others", async ({ db }) => {
  const deps = testAccounts(db);
  const a = await registerUser(deps, "ivan");
  const b = await signInToken(deps);
  const c = await signInToken(deps);
  await signOut(deps, a.userId, a.tokenId);
  assert.equal(await deps.sessions.verify(a.token), undefined);
  assert.equal(await deps.sessions.revoke(a.userId, a.tokenId), false, "already ended");
  const other = await registerUser(deps, "mallory");
  assert.equal(await deps.sessions.revoke(other.userId, b.tokenId), false, "not theirs to end");
  assert.ok(await deps.sessions.verify(b.token));
  assert.equal(await deps.sessions.revokeAll(a.userId, c.tokenId), 1);
  assert.equal(await deps.sessions.verify(b.token), undefined);
  assert.ok(await deps.sessions.verify(c.token));
});

dbTest("a forged token, or one signed with another key, is not a session", async ({ db }) => {
  const deps = testAccounts(db);
  const { token, userId } = await registerUser(deps, "ivan");
  const [header, payload] = token.split(".");
  assert.equal(await deps.sessions.verify(`${header}.${payload}.AAAA`), undefined);
  assert.equal(await deps.sessions.verify("not-a-jwt"), undefined);
  const elsewhere = new Sessions({
    db,
    key: new TextEncoder().encode("another-secret-another-secret-xx"),
    ttlSeconds: 3600,
    maxSessions: 10,
    bindIp: false,
  });
  const foreign = await db.transaction((tx) => elsewhere.create(tx, userId, CLIENT));
  assert.ok(await elsewhere.verify(foreign.token));
  assert.equal(await deps.sessions.verify(foreign.token), undefined);
});

dbTest("only signed tokens are remembered; overlong ones are refused unread", async ({ db }) => {
  const deps = testAccounts(db);
  const { token } = await registerUser(deps, "ivan");
  const [header, payload] = token.split(".");
  for (let i = 0; i < 1_000; i++) {
    const made = `${header}.${payload}.${"A".repeat(40)}${i}`;
    assert.equal(await deps.sessions.verify(made), undefined);
  }
  assert.equal(await deps.sessions.verify("x".repeat(200 * 1024)), undefined);
  assert.equal(deps.sessions.verifiedCount, 0, "strangers' tokens keep nothing");
  assert.ok(await deps.sessions.verify(token));
  assert.ok(await deps.sessions.verify(token));
  assert.equal(deps.sessions.verifiedCount, 1);
  assert.ok(token.length < MAX_TOKEN_LENGTH / 4, `${token.length} characters`);
});
