/**
 * Request bodies are read no further than their route allows: a declared length beyond it gets 413
 * at once, and an endless body is cut off after the limit, not read into memory.
 */
import assert from "node:assert/strict";
import { DEFAULT_BODY_LIMIT } from "../framework/body_limit.ts";
import { serverTest } from "./helpers/server.ts";
import { WebClient } from "./helpers/web_client.ts";

/** A form body of `bytes` bytes made as it is read; `pulled()` tells how much was read. */
function endlessForm(bytes: number) {
  let pulled = 0;
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= bytes) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(pulled === chunk.byteLength ? new TextEncoder().encode("login=") : chunk);
    },
  });
  return { body, pulled: () => pulled };
}

serverTest("a body beyond its route's limit gets 413, declared or streamed", async (server) => {
  const login = new URL("/login", server.url);
  // Declared: answered before the body is sent (raw, since fetch sends the length it counts).
  const connection = await Deno.connect({ hostname: login.hostname, port: Number(login.port) });
  await connection.write(new TextEncoder().encode(
    `POST /login HTTP/1.1\r\nHost: ${login.host}\r\n` +
      "Content-Type: application/x-www-form-urlencoded\r\n" +
      `Content-Length: ${200 * 1024 * 1024}\r\n\r\nlogin=x`,
  ));
  const head = new Uint8Array(1024);
  const read = await connection.read(head);
  connection.close();
  assert.match(new TextDecoder().decode(head.subarray(0, read ?? 0)), /^HTTP\/1\.1 413 /);

  const endless = endlessForm(200 * 1024 * 1024);
  const streamed = await fetch(login, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: endless.body,
  });
  assert.equal(streamed.status, 413);
  await streamed.body?.cancel();
  assert.ok(endless.pulled() < 16 * 1024 * 1024, `${endless.pulled()} bytes read of 200 MiB`);

  // Within the limit, a form is read as before.
  const client = new WebClient(server.url);
  const small = await client.post("/login", { login: "x".repeat(1000), password: "y" }, "/");
  assert.equal(small.status, 401);
  await small.body?.cancel();
  assert.ok(DEFAULT_BODY_LIMIT < 16 * 1024 * 1024);
});
