/** The home page. */
import { Head } from "../framework/runtime.ts";
import type { PageProps } from "../framework/server.ts";
import type { MessageKey } from "../i18n/mod.ts";
import type { State } from "../lib/state.ts";

const FEATURES: MessageKey[] = [
  "home.feature.realtime",
  "home.feature.markdown",
  "home.feature.receipts",
  "home.feature.accounts",
  "home.feature.selfhosted",
];

export default function Home({ state: { t } }: PageProps<unknown, State>) {
  return (
    <section class="home">
      <Head>
        <title>{t("app.name")} — {t("app.tagline")}</title>
      </Head>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.lead")}</p>
      <h2>{t("home.features")}</h2>
      <ul class="features">
        {FEATURES.map((key) => <li key={key}>{t(key)}</li>)}
      </ul>
      <p>
        <a class="button" href="/debug/ws">{t("home.debugLink")}</a>
      </p>
    </section>
  );
}
