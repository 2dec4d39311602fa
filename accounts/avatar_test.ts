/** Avatar renders: bounded, so a flood of uploads is refused instead of decoded all at once. */
import assert from "node:assert/strict";
import { Jimp } from "jimp";
import { BusyError } from "../framework/http_error.ts";
import { processAvatar, RENDERING } from "./avatar.ts";

Deno.test("renders beyond the running and waiting places are refused with 503", async () => {
  const png = new Uint8Array(
    await new Jimp({ width: 600, height: 400, color: 0x3366ccff }).getBuffer("image/png"),
  );
  const extra = 3;
  const uploads = Array.from(
    { length: RENDERING.concurrency + RENDERING.queue + extra },
    () => processAvatar(png, "image/png"),
  );
  const outcomes = await Promise.allSettled(uploads);
  const rendered = outcomes.filter((o) => o.status === "fulfilled");
  const refused = outcomes.filter((o) => o.status === "rejected");
  assert.equal(rendered.length, RENDERING.concurrency + RENDERING.queue);
  assert.equal(refused.length, extra);
  for (const outcome of refused) {
    const error = (outcome as PromiseRejectedResult).reason;
    assert.ok(error instanceof BusyError && error.status === 503, String(error));
  }
  const jpeg = (rendered[0] as PromiseFulfilledResult<Uint8Array>).value;
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], "a JPEG");
});
