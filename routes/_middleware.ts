/**
 * Every request: refused when addressed to a name this installation does not answer to; then the
 * visitor's language and theme, their session from the cookie, and the CSRF token for forms.
 */
import { parseCookie, stringifySetCookie } from "cookie";
import type { MiddlewareHandler } from "../framework/server.ts";
import { negotiateLang, translator } from "../i18n/mod.ts";
import { hostAllowed } from "../lib/allowed_hosts.ts";
import { randomToken } from "../lib/crypto.ts";
import { ANON_COOKIE, csrfToken } from "../lib/csrf.ts";
import { readPrefs } from "../lib/prefs.ts";
import {
  clearSessionCookie,
  isSecure,
  sessionCookie,
  sessionTokenOf,
} from "../lib/session_cookie.ts";
import type { State } from "../lib/state.ts";

export const handler: MiddlewareHandler<State> = async (req, ctx) => {
  const { services } = ctx.state;
  if (!hostAllowed(new URL(req.url).host, services.config)) {
    return new Response(
      "This server does not answer to that name. Its administrator can add the name to " +
        "ALLOWED_HOSTS or set PUBLIC_URL.\n",
      { status: 421, headers: { "content-type": "text/plain; charset=utf-8" } },
    );
  }
  const prefs = readPrefs(req);
  ctx.state.theme = prefs.theme;
  ctx.state.lang = negotiateLang(prefs.lang, req.headers.get("accept-language"));
  ctx.state.t = translator(ctx.state.lang);
  ctx.state.clientIp = services.clientIp(req, ctx.remoteAddr.hostname);
  const secure = isSecure(req, services.config.publicUrl);
  const cookies: string[] = [];
  const token = sessionTokenOf(req);
  // A socket needs only its session: no page, no form, no profile to show.
  const upgrading = req.headers.get("upgrade")?.toLowerCase() === "websocket";
  if (token && upgrading) {
    ctx.state.session = await services.accounts.sessions.verify(token, ctx.state.clientIp);
    return await ctx.next();
  }
  if (token) {
    const { session, user } =
      await services.accounts.sessions.verifyWithUser(token, ctx.state.clientIp) ?? {};
    if (session && user) {
      ctx.state.session = session;
      ctx.state.user = user;
      if (session.extended) cookies.push(sessionCookie(token, session.expiresAt, secure));
    } else {
      cookies.push(clearSessionCookie(secure));
    }
  }
  let binding: string;
  if (ctx.state.session) {
    binding = `session:${ctx.state.session.tokenId}`;
  } else {
    let anon = parseCookie(req.headers.get("cookie") ?? "")[ANON_COOKIE];
    if (!anon) {
      anon = randomToken();
      cookies.push(
        stringifySetCookie({
          name: ANON_COOKIE,
          value: anon,
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure,
        }),
      );
    }
    binding = `anon:${anon}`;
  }
  ctx.state.csrf = await csrfToken(services.key, binding);
  const response = await ctx.next();
  const headers = cookies.map((cookie): [string, string] => ["set-cookie", cookie]);
  // A page says its language: the service worker keeps its offline page in the same one.
  if (response.headers.get("content-type")?.startsWith("text/html")) {
    headers.push(["content-language", ctx.state.lang]);
  }
  return withHeaders(response, headers);
};

/** `response` with `headers` added; a WebSocket upgrade is left as it is. */
function withHeaders(response: Response, headers: [string, string][]): Response {
  if (headers.length === 0 || response.status === 101) return response;
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of headers) copy.headers.append(name, value);
    return copy;
  }
}
