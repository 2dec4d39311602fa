/**
 * A forged Host header: refused before it can shape a link in mail (with PUBLIC_URL or without),
 * while the names an installation is reached by keep working.
 */
import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { fetchAs } from "./helpers/host_fetch.ts";
import { startTestServer } from "./helpers/server.ts";
import { WebClient } from "./helpers/web_client.ts";

async function resetLinks(db: Db): Promise<string[]> {
  const rows = await db.query<{ body: string }>("select body from outbox order by id");
  return rows.flatMap((row) => row.body.match(/\S+\/reset\?token=\S+/g) ?? []);
}

/** Registers rita and signs her out, so that a recovery can be asked for. */
async function rita(base: URL): Promise<void> {
  const client = new WebClient(base);
  const registered = await client.post("/register", {
    username: "rita",
    email: "rita@example.com",
    password: GOOD_PASSWORD,
  });
  assert.equal(registered.status, 303);
}

for (const kind of DB_KINDS) {
  Deno.test(`a forged Host gets 421 and no mail; an allowed one gets its links (${kind})`, async () => {
    await using db = await openTestDb(kind);
    await using server = await startTestServer({
      db: db.db,
      env: { ALLOWED_HOSTS: "chat.example.org" },
    });
    await rita(server.url);
    const port = server.url.port;

    const forger = new WebClient(server.url, {}, fetchAs(`evil.example:${port}`));
    assert.equal((await forger.fetch("/recover")).status, 421);
    const posted = await forger.fetch("/recover", {
      method: "POST",
      body: new URLSearchParams({ login: "rita" }),
    });
    assert.equal(posted.status, 421, "refused before the form is read");
    assert.equal((await forger.fetch("/ws", { headers: { upgrade: "websocket" } })).status, 421);
    assert.deepEqual(await resetLinks(db.db), []);

    const visitor = new WebClient(server.url, {}, fetchAs(`chat.example.org:${port}`));
    assert.equal((await visitor.post("/recover", { login: "rita" }, "/recover")).status, 200);
    const [link] = await resetLinks(db.db);
    assert.ok(link.startsWith(`http://chat.example.org:${port}/reset?token=`), link);
  });

  Deno.test(`with PUBLIC_URL, links use it and other names are refused (${kind})`, async () => {
    await using db = await openTestDb(kind);
    await using server = await startTestServer({
      db: db.db,
      env: { PUBLIC_URL: "https://parley.example.com" },
    });
    await rita(server.url);
    const forger = new WebClient(server.url, {}, fetchAs("evil.example"));
    assert.equal((await forger.fetch("/recover")).status, 421);

    const proxied = new WebClient(server.url, {}, fetchAs("parley.example.com"));
    assert.equal((await proxied.post("/recover", { login: "rita" }, "/recover")).status, 200);
    const direct = new WebClient(server.url);
    assert.equal((await direct.post("/recover", { login: "rita" }, "/recover")).status, 200);
    const links = await resetLinks(db.db);
    assert.equal(links.length, 2);
    for (const link of links) assert.ok(link.startsWith("https://parley.example.com/reset?"), link);
  });
}
