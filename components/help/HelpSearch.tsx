/** The help center's search box, on its front page and above every article. */
import type { Translate } from "../../i18n/mod.ts";

export function HelpSearch({ t, query = "" }: { t: Translate; query?: string }) {
  return (
    <form method="get" action="/help" class="help-search" role="search">
      <input
        type="search"
        name="q"
        value={query}
        maxLength={200}
        aria-label={t("help.search")}
        placeholder={t("help.search")}
      />
      <button type="submit">{t("help.searchSubmit")}</button>
    </form>
  );
}
