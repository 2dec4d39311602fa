/** What components import on both sides: the counterpart of Fresh's `$fresh/runtime.ts`. */
export { Head } from "./head.ts";

/** True in the browser, false while rendering on the server. */
export const IS_BROWSER = typeof document !== "undefined";
