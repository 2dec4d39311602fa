/** Reading posted forms: the CSRF check every form passes, fields as strings, who is asking. */
import { AccountError } from "../accounts/errors.ts";
import type { ClientInfo } from "../accounts/sessions.ts";
import { HttpError } from "../framework/http_error.ts";
import type { FreshContext } from "../framework/types.ts";
import { timingSafeEqual } from "./crypto.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { isSecure, sessionCookie } from "./session_cookie.ts";
import type { State } from "./state.ts";

/** The posted form, once its CSRF token is checked. */
export async function readForm(req: Request, ctx: FreshContext<State>): Promise<FormData> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch (error) {
    if (error instanceof HttpError) throw error; // too large: 413
    throw new HttpError(400, "Expected a form");
  }
  const sent = form.get(CSRF_FIELD);
  if (typeof sent !== "string" || !timingSafeEqual(sent, ctx.state.csrf)) {
    throw new AccountError(403, "csrf");
  }
  return form;
}

/** How a page answers a refused form: its status, and when to try again for a 429. */
export function refused(error: AccountError): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = error.retryAfter
    ? { "retry-after": String(error.retryAfter) }
    : {};
  return { status: error.status, headers };
}

/** A text field of `form`, or "" when absent; 422 for text the database cannot keep (U+0000). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  if (typeof value !== "string") return "";
  if (value.includes("\u0000")) {
    throw new HttpError(422, `${name} must not contain the character U+0000`);
  }
  return value;
}

/** Where a request comes from, as sessions record it. */
export function clientOf(req: Request, ctx: FreshContext<State>): ClientInfo {
  return { ip: ctx.state.clientIp, userAgent: req.headers.get("user-agent") ?? "" };
}

/** The origin links in mail should point to. */
export function originOf(req: Request, ctx: FreshContext<State>): string {
  return ctx.state.services.config.publicUrl?.origin ?? new URL(req.url).origin;
}

/** A 303 redirect to a path of this site, with optional Set-Cookie headers. */
export function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * Where a visitor may be sent back to after signing in: an invite link's page only, so that the
 * parameter cannot send anyone elsewhere.
 */
export function returnPath(value: string | null | undefined): string | undefined {
  return value && /^\/join\/[0-9a-f]{8,64}$/.test(value) ? value : undefined;
}

/** After a sign-in: the session cookie, and on to the messenger (or to `next`). */
export function toMessenger(
  req: Request,
  ctx: FreshContext<State>,
  session: { token: string; expiresAt: Date },
  next = "/im",
): Response {
  const secure = isSecure(req, ctx.state.services.config.publicUrl);
  return seeOther(next, [sessionCookie(session.token, session.expiresAt, secure)]);
}
