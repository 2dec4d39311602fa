/**
 * The WebSocket debug page: send raw requests and watch every frame, as the original had. A tool
 * for developers, so an installation in production does not show it.
 */
import { HttpError } from "../../framework/http_error.ts";
import { Head } from "../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../framework/server.ts";
import { messagesWithPrefix } from "../../i18n/mod.ts";
import WsDebug from "../../islands/WsDebug.tsx";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  GET(_req, ctx) {
    if (ctx.state.services.config.env !== "development") throw new HttpError(404);
    return ctx.render(undefined, { headers: { "cache-control": "no-store" } });
  },
};

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
