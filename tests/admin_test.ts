/**
 * Administration over HTTP: who may open each admin route with each method, and what each account
 * action does (and leaves undone when refused), with its audit entry.
 */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

/** A visitor signed in through the form as `username`, given `role`. */
async function staff(server: TestServer, username: string, role: "user" | "support" | "admin") {
  const client = new WebClient(server.url);
  await registerThroughForm(client, username);
  if (role !== "user") await grantRole(server.services.db, null, username, role);
  return client;
}

async function roleOf(server: TestServer, userId: number): Promise<string> {
  const [row] = await server.services.db.query<{ role: string }>(
    "select role from users where id = $1",
    [userId],
  );
  return row.role;
}

async function auditActions(server: TestServer): Promise<string[]> {
  const rows = await server.services.db.query<{ action: string }>(
    "select action from audit_log order by id",
  );
  return rows.map((row) => row.action);
}

serverTest(
  "every admin route and method: visitors sign in, users and support get 403",
  async (server) => {
    const admin = await staff(server, "boss", "admin");
    const support = await staff(server, "helper", "support");
    const user = await staff(server, "plain", "user");
    const visitor = new WebClient(server.url);
    await using ann = await TestSocket.open(server.wsUrl);
    const { user: { id } } = await signUp(ann, "ann");
    const gets = [
      "/admin",
      "/admin/users",
      "/admin/users?q=ann",
      `/admin/users/${id}`,
      "/admin/audit",
    ];
    for (const path of gets) {
      const anonymous = await visitor.fetch(path);
      assert.equal(anonymous.status, 303, `a visitor at ${path}`);
      assert.equal(anonymous.headers.get("location"), "/");
      await anonymous.body?.cancel();
      for (const [who, client] of [["a user", user], ["support", support]] as const) {
        const refused = await client.fetch(path);
        assert.equal(refused.status, 403, `${who} at ${path}`);
        await refused.body?.cancel();
      }
      const allowed = await admin.fetch(path);
      assert.equal(allowed.status, 200, `an admin at ${path}`);
      assert.equal(allowed.headers.get("cache-control"), "no-store");
      await allowed.body?.cancel();
    }
    // The one route that changes things, posted by each.
    const promote = { action: "role", role: "admin" };
    const visitorPost = await visitor.post(`/admin/users/${id}`, promote, "/register");
    assert.equal(visitorPost.status, 303);
    for (const client of [user, support]) {
      const refused = await client.post(`/admin/users/${id}`, promote, "/account");
      assert.equal(refused.status, 403);
    }
    assert.equal(await roleOf(server, id), "user", "nothing changed");
    assert.deepEqual(await auditActions(server), ["role.granted", "role.granted"], "the two staff");
    const done = await admin.post(`/admin/users/${id}`, promote, `/admin/users/${id}`);
    assert.equal(done.headers.get("location"), `/admin/users/${id}?done=admin.done.role`);
    assert.equal(await roleOf(server, id), "admin");
    assert.match(await admin.page("/admin/audit"), /changed the role/);
    assert.match(await admin.page("/account"), /href="\/admin"/, "the header links admins here");
    assert.doesNotMatch(await user.page("/account"), /href="\/admin"/, "and no one else");
  },
);

serverTest(
  "a suspended user's sockets end at once; signing in says why; letting back works",
  async (server) => {
    const admin = await staff(server, "boss", "admin");
    await using phone = await TestSocket.open(server.wsUrl);
    const { user: { id } } = await signUp(phone, "ann");
    await using laptop = await TestSocket.open(server.wsUrl);
    await laptop.request("auth.login", { login: "ann", password: GOOD_PASSWORD });
    const page = `/admin/users/${id}`;
    const empty = await admin.post(page, { action: "suspend", reason: "  " }, page);
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Write a reason/);

    const suspended = await admin.post(page, { action: "suspend", reason: "Spam in groups" }, page);
    assert.equal(suspended.status, 303);
    for (const socket of [phone, laptop]) {
      assert.deepEqual(await socket.nextEvent(5_000, ["session.ended"]), {
        event: "session.ended",
        data: {},
      });
    }
    assert.equal((await phone.request("account.me")).status, 401, "signed out");
    const socketLogin = await laptop.request<{ status: number; error: { message: string } }>(
      "auth.login",
      { login: "ann", password: GOOD_PASSWORD },
    );
    assert.equal(socketLogin.status, 403);
    assert.match(socketLogin.error.message, /Spam in groups/);
    const client = new WebClient(server.url);
    const refused = await client.post("/login", { login: "ann", password: GOOD_PASSWORD }, "/");
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /suspended by the administrators: Spam in groups/);
    assert.match(await admin.page(page), /Suspended since .*: Spam in groups/);

    const back = await admin.post(page, { action: "unsuspend" }, page);
    assert.equal(back.headers.get("location"), `${page}?done=admin.done.unsuspended`);
    const again = await client.post("/login", { login: "ann", password: GOOD_PASSWORD }, "/");
    assert.equal(again.status, 303);
    assert.deepEqual(
      (await auditActions(server)).slice(-2),
      ["user.suspended", "user.unsuspended"],
    );
    const [{ details }] = await server.services.db.query<{ details: unknown }>(
      "select details from audit_log where action = 'user.suspended'",
    );
    assert.deepEqual(details, { reason: "Spam in groups" });
  },
);

serverTest("two-factor reset, a forced new password, deletion; none on oneself", async (server) => {
  const admin = await staff(server, "boss", "admin");
  const [{ id: bossId }] = await server.services.db.query<{ id: number }>(
    "select id from users where username = 'boss'",
  );
  await using socket = await TestSocket.open(server.wsUrl);
  const { user: { id } } = await signUp(socket, "ann");
  const page = `/admin/users/${id}`;
  // Ann turns on two-factor sign-in, then loses her phone.
  const { result: setup } = await socket.request<{ result: { secret: string } }>(
    "twoFactor.begin",
  );
  const enabled = await socket.request("twoFactor.enable", {
    code: totpCode(setup.secret, new Date()),
  });
  assert.equal(enabled.status, 200);
  const noCheck = await admin.post(page, { action: "resetTwoFactor", identityCheck: "" }, page);
  assert.equal(noCheck.status, 422);
  const reset = await admin.post(
    page,
    { action: "resetTwoFactor", identityCheck: "Video call, matched her ID card" },
    page,
  );
  assert.equal(reset.status, 303);
  const [twoFactor] = await server.services.db.query<{ on: boolean }>(
    "select totp_enabled_at is not null as on from users where id = $1",
    [id],
  );
  assert.equal(twoFactor.on, false);

  const forced = await admin.post(page, { action: "forcePasswordReset" }, page);
  assert.equal(forced.headers.get("location"), `${page}?done=admin.done.passwordReset`);
  await socket.nextEvent(5_000, ["session.ended"]);
  const signIn = await new WebClient(server.url).post(
    "/login",
    { login: "ann", password: GOOD_PASSWORD },
    "/",
  );
  assert.equal(signIn.status, 401, "the old password works no more");
  const [mail] = await server.services.db.query<{ body: string }>(
    "select body from outbox where recipient = 'ann@example.com' order by id desc limit 1",
  );
  assert.match(mail.body, /\/reset\?token=/, "a link to set a new one was mailed");

  const mismatch = await admin.post(page, { action: "delete", confirm: "bob" }, page);
  assert.equal(mismatch.status, 422);
  assert.match(await mismatch.text(), /does not match/);
  const deleted = await admin.post(page, { action: "delete", confirm: "ANN" }, page);
  assert.equal(deleted.headers.get("location"), "/admin/users");
  assert.equal((await admin.fetch(page)).status, 404);

  const self = `/admin/users/${bossId}`;
  assert.match(await admin.page(self), /This is your own account/);
  const own = await admin.post(self, { action: "suspend", reason: "oops" }, "/account");
  assert.equal(own.status, 409);
  const demote = await admin.post(self, { action: "role", role: "user" }, "/account");
  assert.equal(demote.status, 409);
  assert.equal(await roleOf(server, bossId), "admin");
  assert.deepEqual((await auditActions(server)).slice(1), [
    "user.twoFactorReset",
    "user.passwordResetForced",
    "user.deleted",
  ]);
});
