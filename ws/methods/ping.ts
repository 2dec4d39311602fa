/** `ping`: answers at once, so a client can measure the round trip and see the link is alive. */
import * as v from "valibot";
import { defineMethod } from "../method.ts";

export const ping = defineMethod({
  params: v.object({}),
  auth: false,
  timeoutMs: 1_000,
  run: () => ({ pong: true, time: new Date().toISOString() }),
});
