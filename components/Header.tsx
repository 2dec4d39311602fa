/** The site header: the name, the navigation, the signed-in user, and the switches. */
import { avatarUrl, shownName } from "../accounts/users.ts";
import ThemeSwitch from "../islands/ThemeSwitch.tsx";
import type { State } from "../lib/state.ts";
import { Avatar } from "./Avatar.tsx";
import { Csrf } from "./Form.tsx";
import { LangSwitch } from "./LangSwitch.tsx";

export function Header({ state, path }: { state: State; path: string }) {
  const { t, user } = state;
  return (
    <header class="header">
      <a class="brand" href="/">{t("app.name")}</a>
      <nav class="nav">
        {user && <a href="/im">{t("nav.chats")}</a>}
        <a href="/help">{t("nav.help")}</a>
        {user?.role === "admin" && <a href="/admin">{t("nav.admin")}</a>}
        {user?.role === "support" && <a href="/admin/tickets">{t("admin.nav.tickets")}</a>}
        {state.services.config.env === "development" && <a href="/debug/ws">{t("nav.debug")}</a>}
      </nav>
      <div class="switches">
        {user
          ? (
            <>
              <a class="me" href="/account" title={t("nav.account")}>
                <Avatar name={shownName(user)} url={avatarUrl(user)} size={28} />
                <span class="me-name">{shownName(user)}</span>
              </a>
              <form method="post" action="/logout">
                <Csrf token={state.csrf} />
                <button type="submit" class="link">{t("nav.signOut")}</button>
              </form>
            </>
          )
          : (
            <>
              <a href="/">{t("nav.signIn")}</a>
              <a href="/register">{t("nav.register")}</a>
            </>
          )}
        <ThemeSwitch
          theme={state.theme}
          back={path}
          csrf={state.csrf}
          labels={{ toDark: t("theme.toDark"), toLight: t("theme.toLight") }}
        />
        <LangSwitch lang={state.lang} label={t("lang.label")} back={path} csrf={state.csrf} />
      </div>
    </header>
  );
}
