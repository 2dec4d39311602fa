/** The site header: the name, the navigation, and the theme and language switches. */
import ThemeSwitch from "../islands/ThemeSwitch.tsx";
import type { State } from "../lib/state.ts";
import { LangSwitch } from "./LangSwitch.tsx";

export function Header({ state, path }: { state: State; path: string }) {
  const { t } = state;
  return (
    <header class="header">
      <a class="brand" href="/">{t("app.name")}</a>
      <nav class="nav">
        <a href="/">{t("nav.home")}</a>
        <a href="/debug/ws">{t("nav.debug")}</a>
      </nav>
      <div class="switches">
        <ThemeSwitch
          theme={state.theme}
          back={path}
          labels={{ toDark: t("theme.toDark"), toLight: t("theme.toLight") }}
        />
        <LangSwitch lang={state.lang} label={t("lang.label")} back={path} />
      </div>
    </header>
  );
}
