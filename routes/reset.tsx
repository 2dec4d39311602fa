/** Setting a new password from a recovery link; every other session ends. */
import { AccountError } from "../accounts/errors.ts";
import { resetLinkValid, resetPassword } from "../accounts/recovery.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import PasswordInput from "../islands/PasswordInput.tsx";
import { clientOf, field, readForm, toMessenger } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Csrf, errorText, fieldMessages, FormAlert } from "../components/Form.tsx";

interface Data {
  token: string;
  valid: boolean;
  error?: AccountError;
}

export const handler: Handlers<Data, State> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const valid = token !== "" && await resetLinkValid(ctx.state.services.accounts, token);
    return ctx.render({ token, valid }, { status: valid ? 200 : 410 });
  },
  async POST(req, ctx) {
    const { accounts } = ctx.state.services;
    let token = "";
    try {
      const form = await readForm(req, ctx);
      token = field(form, "token");
      const session = await resetPassword(
        accounts,
        { token, password: field(form, "password") },
        clientOf(req, ctx),
      );
      return toMessenger(req, ctx, session);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.render({ token, valid: error.code !== "link.invalid", error }, {
        status: error.status,
      });
    }
  },
};

export default function Reset({ data, state }: PageProps<Data, State>) {
  const { t, lang, csrf } = state;
  const messages = fieldMessages(lang);
  const error = data.error;
  return (
    <section class="auth">
      <Head>
        <title>{t("reset.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("reset.title")}</h1>
      {!data.valid
        ? (
          <>
            <FormAlert>{t("reset.invalid")}</FormAlert>
            <p class="aside">
              <a href="/recover">{t("reset.again")}</a>
            </p>
          </>
        )
        : (
          <form method="post" action="/reset" class="stack">
            {error && !error.field && <FormAlert>{errorText(t, error)}</FormAlert>}
            <Csrf token={csrf} />
            <input type="hidden" name="token" value={data.token} />
            <PasswordInput
              name="password"
              label={t("field.newPassword")}
              hint={t("rule.password")}
              error={error?.field === "password" ? errorText(t, error) : undefined}
              messages={messages}
            />
            <button type="submit" class="primary">{t("reset.submit")}</button>
          </form>
        )}
    </section>
  );
}
