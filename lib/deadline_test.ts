import assert from "node:assert/strict";
import { DeadlineError, Deadlines } from "./deadline.ts";

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

Deno.test("Deadlines passes on what settles in time and rejects what does not", async () => {
  const limits = new Deadlines(10);
  assert.equal(await limits.race(after(5, "fast"), 200), "fast");
  await assert.rejects(limits.race(Promise.reject(new Error("failed")), 200), /failed/);

  // Rejected by its limit, before the work it waited on settled.
  let settled = false;
  const slow = after(300, "slow").then((value) => (settled = true, value));
  await assert.rejects(limits.race(slow, 30), (error) => error instanceof DeadlineError);
  assert.equal(settled, false, "the deadline came first");
  // Several at once, each by its own limit; the timer stops with the last (the test's sanitizer
  // fails on a timer left running).
  const late = after(200, 2);
  const outcomes = await Promise.allSettled([
    limits.race(after(5, 1), 100),
    limits.race(late, 20),
    limits.race(after(10, 3), 100),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled"]);
  await Promise.all([slow, late]);
});
