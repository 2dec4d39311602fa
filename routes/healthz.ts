/** GET /healthz: the process is up and answering. */
import type { Handlers } from "../framework/server.ts";

export const handler: Handlers = {
  GET: () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
};
