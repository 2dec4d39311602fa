/** The page a one-time link from an e-mail lands on: it worked, or it is no good. */
import type { MessageKey } from "../i18n/mod.ts";
import { Head } from "../framework/runtime.ts";
import type { State } from "../lib/state.ts";
import { FormAlert } from "./Form.tsx";

export function LinkOutcome(
  { state, ok, done, next }: { state: State; ok: boolean; done: MessageKey; next: string },
) {
  const { t } = state;
  return (
    <section class="auth">
      <Head>
        <title>{t("confirm.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("confirm.title")}</h1>
      <FormAlert kind={ok ? "ok" : "error"}>{ok ? t(done) : t("confirm.invalid")}</FormAlert>
      <p>
        <a class="button" href={state.user ? next : "/"}>{t("confirm.continue")}</a>
      </p>
    </section>
  );
}
