/** Password recovery: the same answer whether or not the account exists. */
import { AccountError } from "../accounts/errors.ts";
import { requestRecovery } from "../accounts/recovery.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import { clientOf, field, originOf, readForm, refused } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Csrf, errorText, Field, FormAlert } from "../components/Form.tsx";

interface Data {
  sent?: boolean;
  error?: AccountError;
}

export const handler: Handlers<Data, State> = {
  async POST(req, ctx) {
    try {
      const form = await readForm(req, ctx);
      await requestRecovery(
        ctx.state.services.accounts,
        field(form, "login"),
        originOf(req, ctx),
        clientOf(req, ctx),
      );
      return ctx.render({ sent: true });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.render({ error }, refused(error));
    }
  },
};

export default function Recover({ data, state }: PageProps<Data | undefined, State>) {
  const { t, csrf } = state;
  return (
    <section class="auth">
      <Head>
        <title>{t("recover.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("recover.title")}</h1>
      {data?.sent ? <FormAlert kind="ok">{t("recover.sent")}</FormAlert> : (
        <>
          <p class="lead">{t("recover.lead")}</p>
          {data?.error && <FormAlert>{errorText(t, data.error)}</FormAlert>}
          <form method="post" action="/recover" class="stack">
            <Csrf token={csrf} />
            <Field
              name="login"
              label={t("field.login")}
              autocomplete="username"
              required
              autofocus
              maxLength={254}
            />
            <button type="submit" class="primary">{t("recover.submit")}</button>
          </form>
        </>
      )}
      <p class="aside">
        <a href="/">{t("nav.signIn")}</a>
      </p>
    </section>
  );
}
