/** The whole server, over the network: pages, health, preferences and the WebSocket endpoint. */
import assert from "node:assert/strict";
import { WebClient } from "./helpers/web_client.ts";
import { serverTest } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";
import { TestSocket, upgradeAnswer } from "./helpers/ws_client.ts";

serverTest(
  "the home page and the 404 page render; the debug page only in development",
  async (server) => {
    const home = await fetch(server.url);
    assert.equal(home.status, 200);
    const html = await home.text();
    assert.match(html, /<title>Sign in — Parley<\/title>/);
    assert.match(html, /<form method="post" action="\/login"/);
    assert.match(html, /<parley-island data-name="ThemeSwitch"/);
    assert.doesNotMatch(html, /href="\/debug\/ws"/);
    const debug = await fetch(new URL("/debug/ws", server.url));
    assert.equal(debug.status, 404, "not in production");
    await debug.body?.cancel();
    const missing = await fetch(new URL("/nowhere", server.url));
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Page not found/);
  },
);

serverTest(
  "pages speak Russian to a Russian browser, and the switch overrides it",
  async (server) => {
    const ru = await fetch(server.url, {
      headers: { "accept-language": "ru-RU,ru;q=0.9,en;q=0.5" },
    });
    const html = await ru.text();
    assert.match(html, /<html lang="ru"/);
    assert.match(html, /Возможности/);
    const visitor = new WebClient(server.url);
    const switched = await visitor.post("/prefs", { lang: "en", back: "/debug/ws" }, "/");
    assert.equal(switched.status, 303);
    assert.equal(switched.headers.get("location"), "/debug/ws");
    const cookie = switched.headers.getSetCookie().find((c) => c.startsWith("lang="))!;
    assert.match(cookie, /^lang=en; Max-Age=31536000; Path=\/; SameSite=Lax$/);
    const en = await fetch(server.url, {
      headers: { "accept-language": "ru", cookie: cookie.split(";")[0] },
    });
    assert.match(await en.text(), /<html lang="en"/);
  },
);

serverTest("the theme choice is remembered and rendered on the server", async (server) => {
  const chosen = await new WebClient(server.url).post(
    "/prefs",
    { theme: "dark", back: "/im?x=1" },
    "/",
  );
  assert.equal(chosen.headers.get("location"), "/im?x=1");
  const cookie = chosen.headers.getSetCookie().find((c) => c.startsWith("theme="))!.split(";")[0];
  assert.equal(cookie, "theme=dark");
  const page = await fetch(server.url, { headers: { cookie } });
  assert.match(await page.text(), /<html lang="en" data-theme="dark">/);
});

serverTest(
  "/prefs goes back only to a path of this site, and only with the form's token",
  async (server) => {
    const visitor = new WebClient(server.url);
    for (
      const back of [
        "//evil.example/",
        "/\t/evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "/a\r\nset-cookie: x=1",
      ]
    ) {
      const refused = await visitor.post("/prefs", { lang: "ru", back }, "/");
      assert.equal(refused.status, 400, JSON.stringify(back));
      assert.equal(refused.headers.get("location"), null);
      assert.deepEqual(refused.headers.getSetCookie().filter((c) => c.startsWith("lang=")), []);
    }
    const forged = await fetch(new URL("/prefs", server.url), {
      method: "POST",
      body: new URLSearchParams({ lang: "ru", back: "/" }),
      redirect: "manual",
    });
    assert.equal(forged.status, 403, "no token: another site's form");
    assert.deepEqual(forged.headers.getSetCookie().filter((c) => c.startsWith("lang=")), []);
    await forged.body?.cancel();
  },
);

serverTest("in development the debug page is linked and served, never cached", async (server) => {
  const home = await (await fetch(server.url)).text();
  assert.match(home, /href="\/debug\/ws"/);
  const debug = await fetch(new URL("/debug/ws", server.url));
  assert.equal(debug.headers.get("cache-control"), "no-store");
  assert.match(await debug.text(), /<parley-island data-name="WsDebug"/);
}, { env: { PARLEY_ENV: "development" } });

serverTest("healthz and readyz answer", async (server) => {
  const health = await fetch(new URL("/healthz", server.url));
  assert.deepEqual(await health.json(), { status: "ok" });
  const ready = await fetch(new URL("/readyz", server.url));
  assert.equal(ready.status, 200);
  assert.equal((await ready.json()).status, "ready");
});

serverTest(
  "ping over a real WebSocket, and the socket stays open after bad frames",
  async (server) => {
    await using client = await TestSocket.open(server.wsUrl);
    const pong = await client.request("ping");
    assert.equal(pong.status, 200);
    assert.deepEqual(Object.keys(pong.result as object), ["pong", "time"]);

    client.send("{broken");
    assert.equal((await client.next()).status, 422);
    client.send({ id: 9, method: "no.such" });
    assert.deepEqual(await client.next(), {
      id: 9,
      status: 501,
      error: { message: "Unknown method: no.such" },
    });
    client.socket.send(new Uint8Array([1, 2, 3]));
    assert.equal((await client.next()).status, 422);
    assert.equal((await client.request("ping")).status, 200, "still open");
    assert.equal(server.services.hub.size, 1);
  },
);

serverTest("a v1 client checks its connection on the same endpoint", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  client.send({ mode: "checkConnection", timestamp: "2024-05-01 10:00:00" });
  const answer = await client.next();
  assert.equal(answer.mode, "checkConnection");
  assert.equal(answer.status, "200");
});

serverTest(
  "a browser page from another origin cannot open a socket; no Origin can",
  async (server) => {
    const refused = await upgradeAnswer(server.wsUrl, { origin: "https://evil.example" });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    await assert.rejects(() => TestSocket.open(server.wsUrl, { origin: "https://evil.example" }));
    await using same = await TestSocket.open(server.wsUrl, { origin: server.url.origin });
    assert.equal((await same.request("ping")).status, 200);
    await using none = await TestSocket.open(server.wsUrl);
    assert.equal((await none.request("ping")).status, 200);
  },
);

serverTest("a frame over the size limit closes the socket with 1009", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  client.send(JSON.stringify({ id: 1, method: "ping", params: { pad: "x".repeat(300 * 1024) } }));
  const closed = await client.closed;
  assert.equal(closed.code, 1009);
});

serverTest("the security headers are on every page", async (server) => {
  const page = await fetch(server.url);
  await page.body?.cancel();
  assert.match(page.headers.get("content-security-policy")!, /script-src 'self' 'nonce-/);
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  assert.equal(page.headers.get("x-frame-options"), "DENY");
});

serverTest(
  "sockets beyond WS_MAX_CONNECTIONS are refused with 503 and the server goes on serving",
  async (server) => {
    await using first = await TestSocket.open(server.wsUrl);
    await using second = await TestSocket.open(server.wsUrl);
    const refused = await upgradeAnswer(server.wsUrl);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "30");
    await refused.body?.cancel();
    assert.equal((await fetch(new URL("/healthz", server.url))).status, 200);
    assert.equal((await first.request("ping", {})).status, 200, "those open keep working");
    await second[Symbol.asyncDispose]();
    await until(() => server.services.hub.size < 2, 5_000, "the server to let the socket go");
    await using third = await TestSocket.open(server.wsUrl);
    assert.equal((await third.request("ping", {})).status, 200, "a freed place is taken again");
  },
  { env: { WS_MAX_CONNECTIONS: "2" } },
);
