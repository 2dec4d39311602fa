/**
 * Over the socket: contacts and blocks as each side sees them, the two-factor code step, and
 * turning two-factor sign-in off.
 */
import assert from "node:assert/strict";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest } from "./helpers/server.ts";
import { TestSocket } from "./helpers/ws_client.ts";

const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

type Answer<T = Record<string, unknown>> = { status: number; result: T };

async function signedUp(url: URL, name: string) {
  const socket = await TestSocket.open(url);
  const answer = await socket.request<Answer<{ user: { id: number } }>>("auth.register", {
    username: name,
    email: `${name}@example.com`,
    password: GOOD_PASSWORD,
  });
  assert.equal(answer.status, 200);
  return { socket, id: answer.result.user.id };
}

serverTest(
  "contacts are listed, added and removed; blocks too, lifted only by who set them",
  async (server) => {
    const ann = await signedUp(server.wsUrl, "ann");
    const bob = await signedUp(server.wsUrl, "bob");
    try {
      const names = async (method: string, key: string) =>
        (await ann.socket.request<Answer<Record<string, { username: string }[]>>>(method, {}))
          .result[key].map((u) => u.username);
      assert.deepEqual(await names("contacts.list", "contacts"), []);
      assert.equal((await ann.socket.request("contacts.add", { username: "bob" })).status, 200);
      assert.deepEqual(await names("contacts.list", "contacts"), ["bob"]);
      assert.equal((await ann.socket.request("contacts.remove", { userId: bob.id })).status, 200);
      assert.deepEqual(await names("contacts.list", "contacts"), []);

      await ann.socket.request("contacts.add", { username: "bob" });
      assert.equal((await ann.socket.request("blocks.add", { username: "bob" })).status, 200);
      assert.deepEqual(await names("blocks.list", "blocked"), ["bob"]);
      assert.deepEqual(await names("contacts.list", "contacts"), [], "a block ends the contact");
      const bobOpens = await bob.socket.request<Answer>("chats.openPersonal", { username: "ann" });
      assert.equal(bobOpens.status, 403, "the blocked cannot start a chat");
      // The blocked person lifting it lifts nothing: their own list has no one.
      await bob.socket.request("blocks.remove", { userId: ann.id });
      assert.deepEqual(await names("blocks.list", "blocked"), ["bob"], "still blocked");
      assert.equal(
        (await bob.socket.request<Answer>("chats.openPersonal", { username: "ann" })).status,
        403,
      );
      assert.equal((await ann.socket.request("blocks.remove", { userId: bob.id })).status, 200);
      assert.deepEqual(await names("blocks.list", "blocked"), []);
      assert.equal(
        (await bob.socket.request<Answer>("chats.openPersonal", { username: "ann" })).status,
        200,
      );
    } finally {
      await ann.socket[Symbol.asyncDispose]();
      await bob.socket[Symbol.asyncDispose]();
    }
  },
  NO_CONFIRMATION,
);

serverTest(
  "two-factor over the socket: the code step signs in; turning it off needs both",
  async (server) => {
    const { socket } = await signedUp(server.wsUrl, "tess");
    await using phone = await TestSocket.open(server.wsUrl);
    try {
      const begun = await socket.request<Answer<{ secret: string }>>("twoFactor.begin", {});
      const enabled = await socket.request<Answer<{ recoveryCodes: string[] }>>(
        "twoFactor.enable",
        {
          code: totpCode(begun.result.secret, new Date()),
        },
      );
      assert.equal(enabled.status, 200);

      const first = await phone.request<Answer<{ secondFactor: true; ticket: string }>>(
        "auth.login",
        { login: "tess", password: GOOD_PASSWORD },
      );
      assert.equal(first.result.secondFactor, true);
      const wrong = await phone.request<Answer>("auth.loginCode", {
        ticket: first.result.ticket,
        code: "000000",
      });
      assert.equal(wrong.status, 401);
      const signedIn = await phone.request<Answer<{ token: string }>>("auth.loginCode", {
        ticket: first.result.ticket,
        code: enabled.result.recoveryCodes[0],
      });
      assert.equal(signedIn.status, 200);
      assert.equal((await phone.request<Answer>("account.me", {})).status, 200, "signed in");

      // The app's current code went to turning it on (a code is good once): a recovery code.
      const code = enabled.result.recoveryCodes[1];
      const badPassword = await socket.request<Answer>("twoFactor.disable", {
        password: "x",
        code,
      });
      assert.notEqual(badPassword.status, 200);
      const badCode = await socket.request<Answer>("twoFactor.disable", {
        password: GOOD_PASSWORD,
        code: "000000",
      });
      assert.notEqual(badCode.status, 200);
      const off = await socket.request<Answer>("twoFactor.disable", {
        password: GOOD_PASSWORD,
        code,
      });
      assert.equal(off.status, 200);
      const again = await phone.request<Answer<{ token?: string; secondFactor?: true }>>(
        "auth.login",
        { login: "tess", password: GOOD_PASSWORD },
      );
      assert.ok(again.result.token && !again.result.secondFactor, "the password alone again");
    } finally {
      await socket[Symbol.asyncDispose]();
    }
  },
);
