/**
 * Who is calling an HTTP API route: a browser by its session cookie, which must send the page's
 * CSRF token in `X-CSRF-Token` for anything but reading (a header another site's page cannot
 * set); or any client by its session token, as `Authorization: Bearer <token>` or, where a URL is
 * all it can give (an image's address), `?token=`.
 */
import { HttpError } from "../framework/http_error.ts";
import type { FreshContext } from "../framework/server.ts";
import { csrfValid } from "./csrf.ts";
import type { State } from "./state.ts";

const READING = new Set(["GET", "HEAD"]);

/** The id of the user making `req`; 401 without a live session, 403 without the CSRF token. */
export async function apiUser(req: Request, ctx: FreshContext<State>): Promise<number> {
  const { services, session } = ctx.state;
  const bearer = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "").trim() ||
    (READING.has(req.method) ? ctx.url.searchParams.get("token") : null);
  if (bearer) {
    const tokenSession = await services.accounts.sessions.verify(bearer, ctx.state.clientIp);
    if (!tokenSession) throw new HttpError(401, "The session token is not valid");
    return tokenSession.userId;
  }
  if (!session) throw new HttpError(401, "Sign in first");
  if (
    !READING.has(req.method) &&
    !await csrfValid(services.key, `session:${session.tokenId}`, req.headers.get("x-csrf-token"))
  ) {
    throw new HttpError(403, "The request lacks this page's CSRF token");
  }
  return session.userId;
}
