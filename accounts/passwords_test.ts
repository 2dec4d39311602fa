import assert from "node:assert/strict";
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from "./passwords.ts";

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
