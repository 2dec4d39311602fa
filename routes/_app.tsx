/** The document around every page: head, header with the switches, main, footer. */
import type { AppProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { Csrf } from "../components/Form.tsx";
import { Header } from "../components/Header.tsx";

/**
 * The stylesheets under `static/styles/`, one per part of the site, in the order they cascade:
 * later ones may refine earlier ones.
 */
const STYLESHEETS = [
  "base",
  "debug",
  "forms",
  "account",
  "messenger",
  "messages",
  "dialogs",
  "groups",
  "files",
  "admin",
  "help",
];

export default function App({ Component, state, url }: AppProps<State>) {
  const { t, lang, theme, services, user } = state;
  return (
    <html lang={lang} data-theme={theme === "system" ? undefined : theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        {STYLESHEETS.map((name) => (
          <link rel="stylesheet" href={services.asset(`/styles/${name}.css`)} />
        ))}
        <link rel="icon" href={services.asset("/favicon.svg")} type="image/svg+xml" />
        <script type="module" src={services.asset("/register_sw.js")} />
      </head>
      <body>
        <a class="skip" href="#main">{t("nav.skip")}</a>
        <Header state={state} path={url.pathname + url.search} />
        {user && !user.emailConfirmed && (
          <div class="banner" role="status">
            <span>{t("banner.unconfirmed", { email: user.email ?? "" })}</span>
            <form method="post" action="/account">
              <Csrf token={state.csrf} />
              <input type="hidden" name="tab" value="email" />
              <input type="hidden" name="action" value="resend" />
              <button type="submit" class="link">{t("banner.resend")}</button>
            </form>
          </div>
        )}
        {user && services.demoAccounts && (
          <div class="banner demo" role="status">{t("banner.demo")}</div>
        )}
        <main id="main">
          <Component />
        </main>
        <footer class="footer">{t("footer.text")}</footer>
      </body>
    </html>
  );
}
