/** The WebSocket debug page: send raw requests and watch every frame, as the original had. */
import { Head } from "../../framework/runtime.ts";
import type { PageProps } from "../../framework/server.ts";
import { messagesWithPrefix } from "../../i18n/mod.ts";
import WsDebug from "../../islands/WsDebug.tsx";
import type { State } from "../../lib/state.ts";

export default function DebugWs({ state: { t, lang } }: PageProps<unknown, State>) {
  return (
    <section class="debug">
      <Head>
        <title>{t("debug.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("debug.title")}</h1>
      <p>{t("debug.lead")}</p>
      <noscript>
        <p class="notice">{t("debug.noscript")}</p>
      </noscript>
      <WsDebug messages={messagesWithPrefix(lang, "debug.")} />
    </section>
  );
}
