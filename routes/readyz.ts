/** GET /readyz: the database answers, so the server can take traffic. */
import type { Handlers } from "../framework/server.ts";
import { deadline } from "../lib/deadline.ts";
import type { State } from "../lib/state.ts";

const LIMIT_MS = 2_000;

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const { db, log } = ctx.state.services;
    const headers = { "cache-control": "no-store" };
    try {
      await deadline(db.query("select 1"), LIMIT_MS);
      return Response.json({ status: "ready", database: db.kind }, { headers });
    } catch (error) {
      log.warn("Readiness check failed", { error });
      return Response.json({ status: "unavailable", database: db.kind }, { status: 503, headers });
    }
  },
};
