/** Following an e-mail confirmation link. */
import { confirmEmail } from "../accounts/signin.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { FormAlert } from "../components/Form.tsx";

export const handler: Handlers<boolean, State> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const confirmed = token !== "" && await confirmEmail(ctx.state.services.accounts, token);
    return ctx.render(confirmed, { status: confirmed ? 200 : 410 });
  },
};

export default function Confirm({ data: confirmed, state }: PageProps<boolean, State>) {
  const { t } = state;
  return (
    <section class="auth">
      <Head>
        <title>{t("confirm.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("confirm.title")}</h1>
      <FormAlert kind={confirmed ? "ok" : "error"}>
        {confirmed ? t("confirm.done") : t("confirm.invalid")}
      </FormAlert>
      <p>
        <a class="button" href={state.user ? "/im" : "/"}>{t("confirm.continue")}</a>
      </p>
    </section>
  );
}
