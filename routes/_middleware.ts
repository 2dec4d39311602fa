/** Every request: the visitor's language and theme, and a database outage answered with 503. */
import { DbUnavailableError } from "../db/mod.ts";
import { HttpError, type MiddlewareHandler } from "../framework/server.ts";
import { negotiateLang, translator } from "../i18n/mod.ts";
import { readPrefs } from "../lib/prefs.ts";
import type { State } from "../lib/state.ts";

export const handler: MiddlewareHandler<State> = async (req, ctx) => {
  const prefs = readPrefs(req);
  ctx.state.theme = prefs.theme;
  ctx.state.lang = negotiateLang(prefs.lang, req.headers.get("accept-language"));
  ctx.state.t = translator(ctx.state.lang);
  try {
    return await ctx.next();
  } catch (error) {
    if (error instanceof DbUnavailableError) {
      throw new HttpError(503, "The database cannot be reached", { cause: error });
    }
    throw error;
  }
};
