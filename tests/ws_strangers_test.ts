/**
 * Sockets without a session: a few per address, and closed when they do not sign in in time;
 * signing in (or a request with a valid token, as v1 clients send) lifts both.
 */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest } from "./helpers/server.ts";
import { within } from "./helpers/wait.ts";
import { TestSocket, upgradeAnswer } from "./helpers/ws_client.ts";

const LIMITS = { env: { WS_ANONYMOUS_PER_IP: "3", WS_SIGN_IN_SECONDS: "3" } };

serverTest(
  "an address holds a few sockets without a session; the next gets 429",
  async (server) => {
    const held = await Promise.all([1, 2, 3].map(() => TestSocket.open(server.wsUrl)));
    const refused = await upgradeAnswer(server.wsUrl);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "3");
    await refused.body?.cancel();

    // One signs in: its place is free again.
    const answer = await held[0].request<{ status: number }>("auth.register", {
      username: "una",
      email: "una@example.com",
      password: GOOD_PASSWORD,
    });
    assert.equal(answer.status, 200);
    const another = await TestSocket.open(server.wsUrl);
    for (const socket of [...held, another]) await socket[Symbol.asyncDispose]();
  },
  LIMITS,
);

serverTest(
  "a socket that does not sign in in time is closed; one that does stays",
  async (server) => {
    await using stranger = await TestSocket.open(server.wsUrl);
    await using member = await TestSocket.open(server.wsUrl);
    await using v1Client = await TestSocket.open(server.wsUrl);
    const registered = await member.request<{ status: number; result: { token: string } }>(
      "auth.register",
      { username: "vera", email: "vera@example.com", password: GOOD_PASSWORD },
    );
    assert.equal(registered.status, 200);
    // The original protocol signs each request with its token, never the socket.
    v1Client.send({
      timestamp: "2024-05-01 10:00:00",
      mode: "getChats",
      token: registered.result.token,
    });
    assert.equal((await v1Client.next<{ status: string }>()).status, "200");

    const closed = await within(stranger.closed, 15_000, "the stranger's socket to close");
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /Sign in within 3 s/);
    // Opened with the stranger, so their time ran out with its: both still answer.
    assert.equal((await member.request<{ status: number }>("ping")).status, 200);
    v1Client.send({
      timestamp: "2024-05-01 10:00:00",
      mode: "getChats",
      token: registered.result.token,
    });
    assert.equal((await v1Client.next<{ status: string }>()).status, "200");
  },
  LIMITS,
);
