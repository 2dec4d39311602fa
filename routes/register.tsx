/** The registration page: rules beside each field, checked live by islands and by the server. */
import { AccountError } from "../accounts/errors.ts";
import { register } from "../accounts/signin.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import LiveField from "../islands/LiveField.tsx";
import PasswordInput from "../islands/PasswordInput.tsx";
import {
  clientOf,
  field,
  originOf,
  readForm,
  refused,
  seeOther,
  toMessenger,
} from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Csrf, errorText, fieldMessages, FormAlert } from "../components/Form.tsx";

interface Data {
  username?: string;
  email?: string;
  error?: AccountError;
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return ctx.state.user ? seeOther("/im") : ctx.render({});
  },
  async POST(req, ctx) {
    const { accounts } = ctx.state.services;
    let username = "";
    let email = "";
    try {
      const form = await readForm(req, ctx);
      username = field(form, "username");
      email = field(form, "email");
      const session = await register(accounts, {
        username,
        email,
        password: field(form, "password"),
        lang: ctx.state.lang,
        origin: originOf(req, ctx),
      }, clientOf(req, ctx));
      return toMessenger(req, ctx, session);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.render({ username, email, error }, refused(error));
    }
  },
};

export default function Register({ data, state }: PageProps<Data | undefined, State>) {
  const { t, lang, csrf } = state;
  const error = data?.error;
  const errorOf = (name: string) => error?.field === name ? errorText(t, error) : undefined;
  const messages = fieldMessages(lang);
  return (
    <section class="auth">
      <Head>
        <title>{t("register.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("register.title")}</h1>
      {error && !error.field && <FormAlert>{errorText(t, error)}</FormAlert>}
      <form method="post" action="/register" class="stack">
        <Csrf token={csrf} />
        <LiveField
          kind="username"
          name="username"
          label={t("field.username")}
          hint={t("rule.username")}
          value={data?.username}
          error={errorOf("username")}
          messages={messages}
          autofocus
        />
        <LiveField
          kind="email"
          name="email"
          label={t("field.email")}
          hint={t("rule.email")}
          value={data?.email}
          error={errorOf("email")}
          messages={messages}
        />
        <PasswordInput
          name="password"
          label={t("field.password")}
          hint={t("rule.password")}
          error={errorOf("password")}
          relatedInputs={["field-username", "field-email"]}
          messages={messages}
        />
        <button type="submit" class="primary">{t("register.submit")}</button>
      </form>
      <p class="aside">
        {t("register.haveAccount")} <a href="/">{t("nav.signIn")}</a>
      </p>
    </section>
  );
}
