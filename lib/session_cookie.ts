/** The session cookie pages use: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
import { parseCookie, stringifySetCookie } from "cookie";

export const SESSION_COOKIE = "parley_session";

/** The session token a request's cookie carries. */
export function sessionTokenOf(req: Request): string | undefined {
  return parseCookie(req.headers.get("cookie") ?? "")[SESSION_COOKIE] || undefined;
}

/** Whether the visitor reached the site over HTTPS, directly or through `publicUrl`'s proxy. */
export function isSecure(req: Request, publicUrl?: URL): boolean {
  return new URL(req.url).protocol === "https:" || publicUrl?.protocol === "https:";
}

/** Set-Cookie for a session valid until `expiresAt`. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    expires: expiresAt,
  });
}

/** Set-Cookie that removes the session cookie. */
export function clearSessionCookie(secure: boolean): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: "",
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: 0,
  });
}
