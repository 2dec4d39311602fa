/**
 * Shutdown: sockets are told the server is going away, requests in flight finish, the sweeper
 * and the database stop; and `main.ts` does all of it on SIGTERM.
 */
import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { spawnServer } from "./helpers/process.ts";
import { TestSocket } from "./helpers/ws_client.ts";

/** `db`, with every query held until `release` is called once `hold` is set. */
function holdingDb(db: Db) {
  let held: PromiseWithResolvers<void> | undefined;
  const reached = Promise.withResolvers<void>();
  const wrapped: Db = {
    ...db,
    async query(text, params) {
      if (held) {
        reached.resolve();
        await held.promise;
      }
      return db.query(text, params);
    },
  };
  return {
    db: wrapped,
    hold: () => held = Promise.withResolvers(),
    reached: reached.promise,
    release: () => held?.resolve(),
  };
}

for (const kind of DB_KINDS) {
  Deno.test(`shutdown closes sockets with 1001 and lets requests in flight finish (${kind})`, async () => {
    await using test = await openTestDb(kind);
    const slow = holdingDb(test.db);
    const server = await startTestServer({ db: slow.db });
    const first = await TestSocket.open(server.wsUrl);
    const second = await TestSocket.open(server.wsUrl);
    assert.equal((await first.request("ping")).status, 200);

    slow.hold();
    const inFlight = fetch(new URL("/readyz", server.url));
    await slow.reached;
    const stopped = server.shutdown();

    const [closedFirst, closedSecond] = await Promise.all([first.closed, second.closed]);
    assert.equal(closedFirst.code, 1001);
    assert.equal(closedSecond.code, 1001);
    assert.equal(server.services.hub.size, 0);

    slow.release();
    const ready = await inFlight;
    assert.equal(ready.status, 200, "the request that was running when shutdown began completes");
    assert.equal((await ready.json()).status, "ready");
    await stopped;

    await assert.rejects(() => fetch(server.url), "no longer accepting");
  });
}

Deno.test("shutdown closes the database the server opened itself", async () => {
  const server = await startTestServer();
  assert.equal((await server.services.db.query<{ one: number }>("select 1 as one"))[0].one, 1);
  await server.shutdown();
  await assert.rejects(() => server.services.db.query("select 1"));
  await server.shutdown(); // a second call waits for the same shutdown
});

Deno.test({
  name: "main.ts prints its URL, serves, and exits cleanly on SIGTERM",
  ignore: Deno.build.os === "windows",
  async fn() {
    // The embedded database, whatever the suite's DATABASE_URL.
    const server = await spawnServer({ DATABASE_URL: "" });
    const home = await fetch(server.url);
    assert.equal(home.status, 200);
    await home.body?.cancel();
    await using socket = await TestSocket.open(server.wsUrl);

    const stopped = server.stop();
    assert.equal((await socket.closed).code, 1001);
    const { code, output } = await stopped;
    assert.equal(code, 0, output);
    assert.match(output, /SIGTERM received, shutting down/);
    assert.match(output, /Stopped/);
  },
});
