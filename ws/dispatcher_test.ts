import assert from "node:assert/strict";
import * as v from "valibot";
import { HttpError } from "../framework/http_error.ts";
import { createLogger } from "../lib/log.ts";
import { Connection } from "./connection.ts";
import { Dispatcher } from "./dispatcher.ts";
import { defineMethod, type MethodServices, type MethodTable } from "./method.ts";
import { methods } from "./methods/mod.ts";
import { v1Methods } from "./v1/mod.ts";

const testMethods: MethodTable = {
  ...methods,
  echo: defineMethod({
    params: v.object({ text: v.pipe(v.string(), v.maxLength(10)), times: v.optional(v.number()) }),
    auth: false,
    run: ({ text, times }) => ({ text: text.repeat(times ?? 1) }),
  }),
  slow: defineMethod({
    params: v.object({}),
    auth: false,
    timeoutMs: 20,
    run: (_params, { signal }) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        signal.addEventListener("abort", () => clearTimeout(timer));
      }),
  }),
  crash: defineMethod({
    params: v.object({}),
    auth: false,
    run: () => {
      throw new Error("secret internals at /srv/parley/db.ts:42");
    },
  }),
  conflict: defineMethod({
    params: v.object({}),
    auth: false,
    run: () => {
      throw new HttpError(409, "Already taken");
    },
  }),
  whoami: defineMethod({
    params: v.object({}),
    auth: true,
    run: (_params, { session }) => ({ userId: session!.userId }),
  }),
};

function setup(options: { maxInFlight?: number } = {}) {
  const logged: string[] = [];
  const dispatcher = new Dispatcher({
    methods: testMethods,
    v1Methods,
    log: createLogger("debug", (line) => logged.push(line)),
    maxInFlight: options.maxInFlight,
    // These methods use no services; the server's own methods are tested over the network.
    services: {} as MethodServices,
    authenticate: (token) =>
      Promise.resolve(token === "good" ? { userId: 7, tokenId: 1 } : undefined),
  });
  const conn = new Connection({} as WebSocket, { ip: "127.0.0.1", userAgent: "test" });
  const call = async (frame: unknown) =>
    JSON.parse(
      await dispatcher.handle(conn, typeof frame === "string" ? frame : JSON.stringify(frame)),
    );
  return { dispatcher, conn, call, logged };
}

Deno.test("ping answers 200 with the request's id", async () => {
  const { call } = setup();
  const answer = await call({ id: "a1", method: "ping" });
  assert.equal(answer.id, "a1");
  assert.equal(answer.status, 200);
  assert.equal(answer.result.pong, true);
});

Deno.test("a frame that is not JSON, or not an object, is answered 422", async () => {
  const { call } = setup();
  assert.deepEqual(await call("{nope"), {
    id: null,
    status: 422,
    error: { message: "The frame is not valid JSON" },
  });
  assert.equal((await call("[1,2]")).status, 422);
  assert.equal((await call("42")).status, 422);
  assert.equal((await call("null")).status, 422);
});

Deno.test("a request without a method, or with a bad id or params, is answered 422", async () => {
  const { call } = setup();
  const noMethod = await call({ id: 5 });
  assert.equal(noMethod.status, 422);
  assert.equal(noMethod.id, 5);
  assert.match(noMethod.error.message, /method/);
  assert.equal((await call({ id: {}, method: "ping" })).status, 422);
  const longId = await call({ id: "x".repeat(129), method: "ping" });
  assert.equal(longId.status, 422);
  assert.equal(longId.error.message, "id: must be a number or a string of at most 128 characters");
  assert.equal((await call({ id: "x".repeat(128), method: "ping" })).status, 200);
  assert.equal((await call({ id: 1, method: "ping", params: [] })).status, 422);
});

Deno.test("an unknown method is answered 501, including names of Object's prototype", async () => {
  const { call } = setup();
  const answer = await call({ id: 1, method: "nope" });
  assert.equal(answer.status, 501);
  assert.equal(answer.error.message, "Unknown method: nope");
  assert.equal((await call({ id: 2, method: "toString" })).status, 501);
  assert.equal((await call({ id: 3, method: "__proto__" })).status, 501);
});

Deno.test("invalid fields are answered 422 with each issue and its path", async () => {
  const { call } = setup();
  const answer = await call({
    id: 1,
    method: "echo",
    params: { text: "far too long text", times: "2" },
  });
  assert.equal(answer.status, 422);
  assert.deepEqual(answer.error.issues.map((i: { path: string }) => i.path), ["text", "times"]);
  assert.match(answer.error.message, /^text: /);
  const ok = await call({ id: 2, method: "echo", params: { text: "ab", times: 2 } });
  assert.deepEqual(ok.result, { text: "abab" });
});

Deno.test("a method past its time limit is answered 504", async () => {
  const { call } = setup();
  const answer = await call({ id: 1, method: "slow" });
  assert.equal(answer.status, 504);
  assert.match(answer.error.message, /slow did not finish within 20 ms/);
});

Deno.test("an uncaught error is answered 500 without its message or stack, and logged", async () => {
  const { call, logged } = setup();
  const answer = await call({ id: 1, method: "crash" });
  assert.equal(answer.status, 500);
  assert.equal(answer.error.message, "Internal server error");
  assert.doesNotMatch(JSON.stringify(answer), /secret|srv|stack/);
  assert.equal(logged.length, 1);
  assert.match(
    logged[0],
    new RegExp(`ERROR Method failed.*"ref":"${answer.error.ref}".*secret internals`),
  );
});

Deno.test("an HttpError below 500 is answered with its status and message", async () => {
  const { call } = setup();
  assert.deepEqual(await call({ id: 1, method: "conflict" }), {
    id: 1,
    status: 409,
    error: { message: "Already taken" },
  });
});

Deno.test("a method that needs a user is answered 401 without a valid token", async () => {
  const { call } = setup();
  assert.equal((await call({ id: 1, method: "whoami" })).status, 401);
  assert.equal((await call({ id: 2, method: "whoami", token: "bad" })).status, 401);
  assert.deepEqual((await call({ id: 3, method: "whoami", token: "good" })).result, { userId: 7 });
});

Deno.test("more requests in progress than allowed are answered 429", async () => {
  const { dispatcher, conn } = setup({ maxInFlight: 1 });
  const first = dispatcher.handle(conn, JSON.stringify({ id: 1, method: "slow" }));
  const second = JSON.parse(
    await dispatcher.handle(conn, JSON.stringify({ id: 2, method: "ping" })),
  );
  assert.equal(second.status, 429);
  assert.equal(JSON.parse(await first).status, 504);
  assert.equal(conn.inFlight, 0);
});

Deno.test("v1 frames are recognised by `mode` and answered in the v1 shape", async () => {
  const { call } = setup();
  const answer = await call({ mode: "checkConnection", timestamp: "2020-01-01 00:00:00" });
  assert.equal(answer.mode, "checkConnection");
  assert.equal(answer.status, "200");
  assert.match(answer.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const unknown = await call({ mode: "teleport" });
  assert.equal(unknown.status, "501");
  assert.equal(unknown.mode, "teleport");
  assert.ok(unknown.error_msg);
  assert.equal((await call({ mode: 5 })).status, "422");
});

Deno.test("an unreadable frame is answered in the dialect the connection last used", async () => {
  const { call } = setup();
  await call({ mode: "checkConnection" });
  const v1 = await call("not json");
  assert.equal(v1.status, "422");
  assert.ok(v1.error_msg);
  await call({ id: 1, method: "ping" });
  assert.equal((await call("not json")).status, 422);
});
