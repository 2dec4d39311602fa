/**
 * Accounts over the socket: the original protocol's checkToken, auth, register and logout with
 * exactly the fields and string statuses of ws-v1.md, and Parley's own methods.
 */
import assert from "node:assert/strict";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { serverTest, startTestServer } from "./helpers/server.ts";
import { TestSocket } from "./helpers/ws_client.ts";
import { WebClient } from "./helpers/web_client.ts";

const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** Sends a v1 frame and returns the answer. */
async function v1(client: TestSocket, frame: Record<string, unknown>) {
  client.send({ timestamp: "2024-05-01 10:00:00", ...frame });
  return await client.next();
}

serverTest(
  "a v1 client registers, authenticates, checks its token and logs out",
  async (server) => {
    await using client = await TestSocket.open(server.wsUrl);
    const registered = await v1(client, {
      mode: "register",
      username: "vera",
      password: GOOD_PASSWORD,
      email: "vera@example.com",
    });
    assert.deepEqual(Object.keys(registered).sort(), ["mode", "status", "timestamp", "token"]);
    assert.equal(registered.mode, "register");
    assert.equal(registered.status, "200");
    assert.match(registered.timestamp as string, TIME);

    const again = await v1(client, {
      mode: "register",
      username: "VERA",
      password: GOOD_PASSWORD,
      email: "v2@example.com",
    });
    assert.equal(again.status, "409");
    assert.equal(typeof again.error_msg, "string");
    assert.equal(again.token, undefined);

    const missing = await v1(client, { mode: "register", username: "walt" });
    assert.equal(missing.status, "422");

    const auth = await v1(client, { mode: "auth", username: "vera", password: GOOD_PASSWORD });
    assert.equal(auth.status, "200");
    assert.equal(typeof auth.token, "string");
    const wrong = await v1(client, { mode: "auth", username: "vera", password: "nope" });
    assert.deepEqual([wrong.mode, wrong.status], ["auth", "401"]);

    const valid = await v1(client, { mode: "checkToken", token: auth.token });
    assert.deepEqual(Object.keys(valid).sort(), ["mode", "status", "timestamp"]);
    assert.equal(valid.status, "200");
    assert.equal((await v1(client, { mode: "checkToken", token: "garbage" })).status, "401");

    const out = await v1(client, { mode: "logout", token: auth.token });
    assert.equal(out.status, "200");
    assert.equal((await v1(client, { mode: "checkToken", token: auth.token })).status, "401");
    assert.equal((await v1(client, { mode: "checkToken", token: registered.token })).status, "200");
    assert.equal((await v1(client, { mode: "logout", token: auth.token })).status, "401");
  },
);

serverTest("v1 auth of an account with 2FA needs a code field", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  const { token } = await client.request<{ result: { token: string } }>("auth.register", {
    username: "wanda",
    email: "wanda@example.com",
    password: GOOD_PASSWORD,
  }).then((a) => a.result);
  assert.ok(token);
  const setup = await client.request<{ result: { secret: string } }>("twoFactor.begin");
  const enabled = await client.request("twoFactor.enable", {
    code: totpCode(setup.result.secret, new Date()),
  });
  assert.equal(enabled.status, 200);

  await using old = await TestSocket.open(server.wsUrl);
  const without = await v1(old, { mode: "auth", username: "wanda", password: GOOD_PASSWORD });
  assert.equal(without.status, "401");
  assert.equal(without.error_msg, "Two-factor code required.");
  const later = new Date(Date.now() + 30_000);
  const withCode = await v1(old, {
    mode: "auth",
    username: "wanda",
    password: GOOD_PASSWORD,
    code: totpCode(setup.result.secret, later),
  });
  assert.equal(withCode.status, "200", JSON.stringify(withCode));
});

serverTest("v2: register signs the connection in; logout signs it out", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  assert.equal((await client.request("account.me")).status, 401);
  const registered = await client.request<
    { status: number; result: { token: string; user: { username: string } } }
  >(
    "auth.register",
    { username: "xena", email: "xena@example.com", password: GOOD_PASSWORD },
  );
  assert.equal(registered.status, 200);
  assert.equal(registered.result.user.username, "xena");
  const me = await client.request<{ result: { user: { emailConfirmed: boolean } } }>("account.me");
  assert.equal(me.result.user.emailConfirmed, false);

  const list = await client.request<{ result: { sessions: { current: boolean }[] } }>(
    "sessions.list",
  );
  assert.deepEqual(list.result.sessions.map((s) => s.current), [true]);
  assert.equal((await client.request("auth.logout")).status, 200);
  assert.equal((await client.request("account.me")).status, 401);

  await using other = await TestSocket.open(server.wsUrl);
  const viaToken = await other.request("account.me", undefined);
  assert.equal(viaToken.status, 401);
  other.send({ id: 99, method: "account.me", token: registered.result.token });
  assert.equal((await other.next()).status, 401, "the token ended with the logout");
});

serverTest(
  "the browser's session cookie signs its socket in; revoking it signs it out",
  async (server) => {
    const web = new WebClient(server.url);
    const response = await web.post("/register", {
      username: "yuri",
      email: "yuri@example.com",
      password: GOOD_PASSWORD,
    });
    assert.equal(response.status, 303);
    await using socket = await TestSocket.open(server.wsUrl, {
      cookie: `parley_session=${web.cookie("parley_session")}`,
      origin: server.url.origin,
    });
    const me = await socket.request<{ result: { user: { username: string } } }>("account.me");
    assert.equal(me.result.user.username, "yuri");

    await using phone = await TestSocket.open(server.wsUrl);
    const login = await phone.request<{ result: { token: string } }>("auth.login", {
      login: "yuri",
      password: GOOD_PASSWORD,
    });
    assert.equal((await phone.request("sessions.revokeOthers")).status, 200);
    assert.deepEqual(await socket.nextEvent(), { event: "session.ended", data: {} });
    assert.equal((await socket.request("account.me")).status, 401);
    assert.ok(login.result.token);
  },
);

serverTest("methods refuse bad input with 422 and unknown sessions with 404", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  assert.equal((await client.request("auth.login", { login: 5, password: "x" })).status, 422);
  assert.equal(
    (await client.request("auth.login", { login: "a".repeat(300), password: "x" })).status,
    422,
  );
  await client.request("auth.register", {
    username: "zoe1",
    email: "zoe@example.com",
    password: GOOD_PASSWORD,
  });
  assert.equal((await client.request("sessions.revoke", { id: 999999 })).status, 404);
  assert.equal((await client.request("sessions.revoke", { id: "1" })).status, 422);
});

for (const kind of DB_KINDS) {
  Deno.test(`a sign-in beyond MAX_SESSIONS signs the oldest session's socket out (${kind})`, async () => {
    await using test = await openTestDb(kind);
    await using server = await startTestServer({ db: test.db, env: { MAX_SESSIONS: "1" } });
    await using laptop = await TestSocket.open(server.wsUrl);
    await laptop.request("auth.register", {
      username: "una",
      email: "una@example.com",
      password: GOOD_PASSWORD,
    });
    assert.equal((await laptop.request("account.me")).status, 200);
    await using phone = await TestSocket.open(server.wsUrl);
    const login = await phone.request("auth.login", { login: "una", password: GOOD_PASSWORD });
    assert.equal(login.status, 200);
    assert.deepEqual(await laptop.nextEvent(), { event: "session.ended", data: {} });
    assert.equal((await laptop.request("account.me")).status, 401);
  });
}
