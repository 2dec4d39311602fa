/** The v2 method table: every method a Parley client can call. */
import type { MethodTable } from "../method.ts";
import { ping } from "./ping.ts";

export const methods: MethodTable = {
  ping,
};
