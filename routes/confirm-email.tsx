/** Following the link sent to a new e-mail address: the address changes now. */
import { confirmEmailChange } from "../accounts/profile.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { FormAlert } from "../components/Form.tsx";

export const handler: Handlers<boolean, State> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const changed = token !== "" && await confirmEmailChange(ctx.state.services.accounts, token);
    return ctx.render(changed, { status: changed ? 200 : 410 });
  },
};

export default function ConfirmEmail({ data: changed, state }: PageProps<boolean, State>) {
  const { t } = state;
  return (
    <section class="auth">
      <Head>
        <title>{t("confirm.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("confirm.title")}</h1>
      <FormAlert kind={changed ? "ok" : "error"}>
        {changed ? t("account.email.changed") : t("confirm.invalid")}
      </FormAlert>
      <p>
        <a class="button" href={state.user ? "/account?tab=email" : "/"}>{t("confirm.continue")}</a>
      </p>
    </section>
  );
}
