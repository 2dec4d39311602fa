import assert from "node:assert/strict";
import { BusyError } from "../framework/http_error.ts";
import { CURRENT_PARAMS, HASHING, hashPassword, needsRehash, verifyPassword } from "./passwords.ts";

Deno.test("passwords are hashed with argon2id, salted, and verified", async () => {
  const hash = await hashPassword("correct horse");
  const { memorySize: m, iterations: t, parallelism: p } = CURRENT_PARAMS;
  assert.ok(hash.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`));
  assert.ok(!hash.includes("correct horse"));
  assert.notEqual(await hashPassword("correct horse"), hash, "a new salt each time");
  assert.equal(await verifyPassword("correct horse", hash), true);
  assert.equal(await verifyPassword("correct horsE", hash), false);
  assert.equal(await verifyPassword("anything", ""), false, "a deleted account's empty hash");
  assert.equal(await verifyPassword("anything", "$argon2id$garbage"), false);
});

Deno.test("hashes made with older parameters are recognised for upgrade", async () => {
  const old = await hashPassword("pw", { memorySize: 4096, iterations: 1, parallelism: 1 });
  assert.equal(await verifyPassword("pw", old), true);
  assert.equal(needsRehash(old), true);
  assert.equal(needsRehash(await hashPassword("pw")), false);
});

Deno.test("hashing leaves the server's thread free: it runs on while a hash is made", async () => {
  // On this thread a hash is one long WebAssembly call: it would end before any timer could run.
  let finished = false;
  const hash = hashPassword("pw").then(() => finished = true);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(finished, false, "a timer ran while the hash was being made");
  await hash;
});

Deno.test("a flood of hashes is refused beyond the queue with 503, not queued without end", async () => {
  const flood = Array.from(
    { length: HASHING.concurrency + HASHING.queue + 20 },
    (_, i) => hashPassword(`pw-${i}`, { memorySize: 1024, iterations: 1, parallelism: 1 }),
  );
  const outcomes = await Promise.allSettled(flood);
  const refused = outcomes.filter((o) => o.status === "rejected");
  assert.equal(refused.length, 20);
  for (const outcome of refused) {
    const error = (outcome as PromiseRejectedResult).reason;
    assert.ok(error instanceof BusyError && error.status === 503, String(error));
  }
  assert.ok(await hashPassword("after"), "the pool works again once it has room");
});
