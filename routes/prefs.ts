/**
 * POST /prefs: remembers the theme or language picked with a switch, then goes back. A signed-in
 * user's language is also the account's, which the mail Parley sends them is written in.
 */
import { changeLang } from "../accounts/profile.ts";
import { HttpError } from "../framework/http_error.ts";
import type { Handlers } from "../framework/server.ts";
import { isLang } from "../i18n/mod.ts";
import { field, readForm } from "../lib/forms.ts";
import { prefCookie } from "../lib/prefs.ts";
import type { State } from "../lib/state.ts";

/** Stands for this site while a path is resolved: only the path of what comes out is kept. */
const HERE = "https://parley.invalid";

/**
 * `value` as a path on this site, or undefined when it is not one. Parsed as a browser would
 * resolve it, so that what the browser follows is what was checked (`/\t/x` is `//x` to it).
 */
export function sameSitePath(value: string): string | undefined {
  // deno-lint-ignore no-control-regex
  if (!value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return undefined;
  }
  return url.origin === HERE ? url.pathname + url.search + url.hash : undefined;
}

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const form = await readForm(req, ctx);
    const back = field(form, "back") || "/";
    const location = sameSitePath(back);
    if (!location) throw new HttpError(400, "back must be a path on this site");
    const headers = new Headers({ location });
    const theme = form.get("theme");
    const lang = form.get("lang");
    if (theme === "light" || theme === "dark") {
      headers.append("set-cookie", prefCookie("theme", theme));
    }
    if (isLang(lang)) {
      headers.append("set-cookie", prefCookie("lang", lang));
      const { user, services } = ctx.state;
      if (user && user.lang !== lang) await changeLang(services.accounts, user.id, lang);
    }
    return new Response(null, { status: 303, headers });
  },
};
