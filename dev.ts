/**
 * `deno task dev`: builds the islands, then runs the server in development mode. The task's
 * `--watch` restarts this whole process on a change; open pages then reload themselves.
 */
import { buildIslands, generateManifest } from "./framework/build.ts";

if (!Deno.env.get("PARLEY_ENV")) Deno.env.set("PARLEY_ENV", "development");
await generateManifest(".");
await buildIslands(".", "_build/islands");
await import("./main.ts");
