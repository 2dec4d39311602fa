/** POST /prefs: remembers the theme or language picked with a switch, then goes back. */
import type { Handlers } from "../framework/server.ts";
import { isLang } from "../i18n/mod.ts";
import { prefCookie } from "../lib/prefs.ts";
import type { State } from "../lib/state.ts";

/** Only a path on this site: never another origin, so the form cannot be an open redirect. */
export function safeBackPath(value: FormDataEntryValue | null): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}

export const handler: Handlers<unknown, State> = {
  async POST(req) {
    const form = await req.formData().catch(() => new FormData());
    const headers = new Headers({ location: safeBackPath(form.get("back")) });
    const theme = form.get("theme");
    const lang = form.get("lang");
    if (theme === "light" || theme === "dark") {
      headers.append("set-cookie", prefCookie("theme", theme));
    }
    if (isLang(lang)) headers.append("set-cookie", prefCookie("lang", lang));
    return new Response(null, { status: 303, headers });
  },
};
