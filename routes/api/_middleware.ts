/** Everything under /api answers in JSON, errors included, and is never cached. */
import { HttpError, type MiddlewareHandler } from "../../framework/server.ts";
import { statusOf } from "../../framework/http_error.ts";
import type { State } from "../../lib/state.ts";

export const handler: MiddlewareHandler<State> = async (_req, ctx) => {
  let response: Response;
  try {
    response = await ctx.next();
  } catch (error) {
    const status = statusOf(error);
    if (status >= 500) {
      ctx.state.services.log.error("API request failed", { path: ctx.url.pathname, error });
    }
    const message = error instanceof HttpError ? error.message : "Internal server error";
    response = Response.json({ error: message }, { status });
  }
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
};
