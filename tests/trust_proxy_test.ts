/**
 * Behind a proxy listed in TRUST_PROXY the client is the address it forwards; anyone else's
 * X-Forwarded-For is ignored. Sessions record, and SESSION_BIND_IP compares, that address.
 */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { startTestServer } from "./helpers/server.ts";
import { WebClient } from "./helpers/web_client.ts";

/** Registers through a "proxy" that forwards `forwardedFor`; the new session's recorded IP. */
async function sessionIp(trustProxy: string, forwardedFor: string) {
  await using server = await startTestServer({
    env: { TRUST_PROXY: trustProxy, SESSION_BIND_IP: "true" },
  });
  const proxied = new WebClient(server.url, { "x-forwarded-for": forwardedFor });
  const registered = await proxied.post("/register", {
    username: "pia",
    email: "pia@example.com",
    password: GOOD_PASSWORD,
  });
  assert.equal(registered.status, 303);
  const [{ ip }] = await server.services.db.query<{ ip: string }>("select ip from tokens");
  const page = await proxied.fetch("/account");
  await page.body?.cancel();
  return { ip, signedIn: page.status === 200 };
}

Deno.test("a trusted proxy's X-Forwarded-For names the client", async () => {
  const { ip, signedIn } = await sessionIp("127.0.0.1", "198.51.100.9, 203.0.113.7");
  assert.equal(ip, "203.0.113.7", "the address the proxy saw, not what the client claimed");
  assert.equal(signedIn, true, "the session is used from the same forwarded address");
});

Deno.test("a chain of trusted proxies is followed to the first untrusted address", async () => {
  const { ip } = await sessionIp("127.0.0.1,10.0.0.0/8", "198.51.100.9, 10.1.1.1");
  assert.equal(ip, "198.51.100.9");
});

Deno.test("X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
  const { ip } = await sessionIp("10.0.0.1", "203.0.113.7");
  assert.equal(ip, "127.0.0.1");
});

Deno.test("a bound session used from another forwarded address is refused", async () => {
  await using server = await startTestServer({
    env: { TRUST_PROXY: "loopback", SESSION_BIND_IP: "true" },
  });
  const client = new WebClient(server.url, { "x-forwarded-for": "203.0.113.7" });
  await client.post("/register", {
    username: "pia",
    email: "pia@example.com",
    password: GOOD_PASSWORD,
  });
  const cookie = client.cookie("parley_session")!;
  const elsewhere = await fetch(new URL("/account", server.url), {
    headers: { cookie: `parley_session=${cookie}`, "x-forwarded-for": "198.51.100.20" },
    redirect: "manual",
  });
  await elsewhere.body?.cancel();
  assert.equal(elsewhere.status, 303, "sent to sign in");
});
