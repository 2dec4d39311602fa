/** When the database stops answering: pages show "server unavailable", /api and the socket say 503. */
import assert from "node:assert/strict";
import { type Db, DbUnavailableError } from "../db/mod.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { TestSocket } from "./helpers/ws_client.ts";
import { WebClient } from "./helpers/web_client.ts";

/** `db`, failing every query as an unreachable server would while `down` is set. */
function breakableDb(db: Db) {
  const state = { down: false };
  const guard = () => {
    if (state.down) throw new DbUnavailableError(new Error("ECONNREFUSED"));
  };
  const wrapped: Db = {
    ...db,
    query(text, params) {
      guard();
      return db.query(text, params);
    },
    transaction(work) {
      guard();
      return db.transaction(work);
    },
  };
  return { db: wrapped, state };
}

for (const kind of DB_KINDS) {
  Deno.test(`a database outage is a 503 page, a 503 answer and a failing readiness check (${kind})`, async () => {
    await using test = await openTestDb(kind);
    const broken = breakableDb(test.db);
    await using server = await startTestServer({ db: broken.db });
    const web = new WebClient(server.url);
    const registered = await web.post("/register", {
      username: "olive",
      email: "olive@example.com",
      password: GOOD_PASSWORD,
    });
    assert.equal(registered.status, 303);
    await using socket = await TestSocket.open(server.wsUrl);
    const token = web.cookie("parley_session")!;

    broken.state.down = true;
    const page = await web.fetch("/im");
    assert.equal(page.status, 503);
    assert.match(await page.text(), /Server unavailable/);
    assert.equal((await fetch(new URL("/readyz", server.url))).status, 503);
    const health = await fetch(new URL("/healthz", server.url));
    assert.equal(health.status, 200, "the process itself is fine");
    await health.body?.cancel();
    const api = await fetch(new URL("/api/token", server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(api.status, 503, "/api answers 503 too");
    assert.deepEqual(await api.json(), { error: "The database cannot be reached" });
    socket.send({
      id: 1,
      method: "auth.login",
      params: { login: "olive", password: GOOD_PASSWORD },
    });
    assert.equal((await socket.next()).status, 503);
    socket.send({ id: 2, method: "account.me", token });
    assert.equal((await socket.next()).status, 503, "checking the token is answered too");

    broken.state.down = false;
    assert.equal((await web.fetch("/im")).status, 200, "back when the database is");
    socket.send({ id: 3, method: "account.me", token });
    assert.equal((await socket.next()).status, 200);
  });
}
