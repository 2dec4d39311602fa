/** The language switch: a plain form, so it works without JavaScript. */
import { type Lang, LANGS } from "../i18n/mod.ts";
import { Csrf } from "./Form.tsx";

const NAMES: Record<Lang, string> = { en: "EN", ru: "RU" };

export function LangSwitch(
  { lang, label, back, csrf }: { lang: Lang; label: string; back: string; csrf: string },
) {
  return (
    <form method="post" action="/prefs" class="lang-switch" aria-label={label}>
      <Csrf token={csrf} />
      <input type="hidden" name="back" value={back} />
      {LANGS.map((code) => (
        <button
          type="submit"
          name="lang"
          value={code}
          lang={code}
          aria-pressed={code === lang ? "true" : "false"}
        >
          {NAMES[code]}
        </button>
      ))}
    </form>
  );
}
