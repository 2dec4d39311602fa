/** The sign-in page: the home page of signed-out visitors, and the two-factor step. */
import type { AccountError } from "../accounts/errors.ts";
import { Head } from "../framework/runtime.ts";
import type { PageProps } from "../framework/server.ts";
import type { MessageKey } from "../i18n/mod.ts";
import type { State } from "../lib/state.ts";
import { Csrf, errorText, Field, FormAlert } from "./Form.tsx";

const FEATURES: MessageKey[] = [
  "home.feature.realtime",
  "home.feature.markdown",
  "home.feature.receipts",
  "home.feature.accounts",
  "home.feature.selfhosted",
];

export interface LoginData {
  login?: string;
  error?: AccountError;
  /** Set between the password and the code. */
  ticket?: string;
  /** The password was right, but the account is being guessed at: a link was mailed. */
  mailed?: boolean;
  /** Where to go once signed in, when not to the messenger: an invite link's page. */
  next?: string;
}

export default function LoginPage({ data, state }: PageProps<LoginData | undefined, State>) {
  const { t, csrf, services } = state;
  const error = data?.error && errorText(t, data.error);
  if (data?.mailed) {
    return (
      <section class="auth">
        <Head>
          <title>{t("login.mailedTitle")} — {t("app.name")}</title>
        </Head>
        <h1>{t("login.mailedTitle")}</h1>
        <p class="lead">{t("login.mailedLead")}</p>
      </section>
    );
  }
  if (data?.ticket) {
    return (
      <section class="auth">
        <Head>
          <title>{t("login.codeTitle")} — {t("app.name")}</title>
        </Head>
        <h1>{t("login.codeTitle")}</h1>
        <p class="lead">{t("login.codeLead")}</p>
        {error && <FormAlert>{error}</FormAlert>}
        <form method="post" action="/login" class="stack">
          <Csrf token={csrf} />
          <input type="hidden" name="ticket" value={data.ticket} />
          {data.next && <input type="hidden" name="next" value={data.next} />}
          <Field
            name="code"
            label={t("field.code")}
            autocomplete="one-time-code"
            inputmode="text"
            required
            autofocus
            maxLength={16}
          />
          <button type="submit" class="primary">{t("login.codeSubmit")}</button>
        </form>
      </section>
    );
  }
  return (
    <section class="auth">
      <Head>
        <title>{t("login.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("login.title")}</h1>
      <p class="lead">{t("login.lead")}</p>
      {error && <FormAlert>{error}</FormAlert>}
      <form method="post" action="/login" class="stack">
        <Csrf token={csrf} />
        {data?.next && <input type="hidden" name="next" value={data.next} />}
        <Field
          name="login"
          label={t("field.login")}
          value={data?.login}
          autocomplete="username"
          required
          autofocus
          maxLength={254}
        />
        <Field
          name="password"
          label={t("field.password")}
          type="password"
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">{t("login.submit")}</button>
      </form>
      <p class="aside">
        <a href="/recover">{t("login.forgot")}</a>
      </p>
      <p class="aside">
        {t("login.noAccount")} <a href="/register">{t("nav.register")}</a>
      </p>
      {services.config.demoData && <p class="aside muted">{t("login.demo")}</p>}
      <h2>{t("home.features")}</h2>
      <ul class="features">
        {FEATURES.map((key) => <li key={key}>{t(key)}</li>)}
      </ul>
    </section>
  );
}
