/**
 * GET /offline: what the service worker shows when the server cannot be reached and it has no
 * copy of the page asked for. Kept by the worker at its install; its script retries by itself.
 */
import { Head } from "../framework/runtime.ts";
import type { PageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";

export default function Offline({ state }: PageProps<unknown, State>) {
  const { t, services } = state;
  return (
    <section class="error-page offline-page">
      <Head>
        <title>{t("offline.title")} — {t("app.name")}</title>
        <script src={services.asset("/offline.js")} defer />
      </Head>
      <h1>{t("offline.title")}</h1>
      <p>{t("offline.text")}</p>
      <p class="offline-status" role="status" aria-live="polite">{t("offline.retrying")}</p>
      <p>
        <button type="button" class="button offline-retry">{t("offline.retry")}</button>
      </p>
    </section>
  );
}
