import assert from "node:assert/strict";
import { BusyError } from "../framework/http_error.ts";
import { WorkLimit } from "./work_limit.ts";

Deno.test("at most `concurrency` run, at most `queue` wait, the rest are refused at once", async () => {
  const limit = new WorkLimit("tests", 2, 3);
  const gates = Array.from({ length: 6 }, () => Promise.withResolvers<void>());
  const started: number[] = [];
  const jobs = gates.map((gate, i) =>
    limit.run(async () => {
      started.push(i);
      await gate.promise;
      return i;
    })
  );
  await Promise.resolve();
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(limit.load, { running: 2, waiting: 3 });
  await assert.rejects(jobs[5], (error) => error instanceof BusyError && error.status === 503);

  gates[0].resolve();
  assert.equal(await jobs[0], 0);
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2], "the first in line takes the freed place");
  for (const gate of gates) gate.resolve();
  assert.deepEqual(await Promise.all(jobs.slice(0, 5)), [0, 1, 2, 3, 4]);
  assert.deepEqual(limit.load, { running: 0, waiting: 0 });
});

Deno.test("a job that fails frees its place", async () => {
  const limit = new WorkLimit("tests", 1, 0);
  await assert.rejects(limit.run(() => Promise.reject(new Error("broken"))), /broken/);
  assert.equal(await limit.run(() => Promise.resolve("next")), "next");
});
