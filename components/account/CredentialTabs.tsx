/** The e-mail address and the password. */
import { messagesWithPrefix } from "../../i18n/mod.ts";
import PasswordInput from "../../islands/PasswordInput.tsx";
import { Csrf, Field } from "../Form.tsx";
import { Action, type TabProps } from "./AccountTabs.tsx";

export function EmailTab({ state, errorOf }: TabProps) {
  const { t, csrf } = state;
  const user = state.user!;
  return (
    <>
      <p>
        {t("account.email.current", { email: user.email ?? "—" })}{" "}
        <span class={user.emailConfirmed ? "tag ok" : "tag warn"}>
          {user.emailConfirmed ? t("account.email.confirmed") : t("account.email.unconfirmed")}
        </span>
      </p>
      {!user.emailConfirmed && (
        <form method="post" action="/account">
          <Csrf token={csrf} />
          <Action tab="email" action="resend" />
          <button type="submit">{t("banner.resend")}</button>
        </form>
      )}
      <form method="post" action="/account" class="stack">
        <Csrf token={csrf} />
        <Action tab="email" action="email" />
        <Field
          name="email"
          type="email"
          label={t("account.email.new")}
          hint={t("rule.email")}
          error={errorOf("email")}
          autocomplete="email"
          required
          maxLength={254}
        />
        <Field
          name="password"
          type="password"
          label={t("field.currentPassword")}
          error={errorOf("password")}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">{t("account.email.submit")}</button>
      </form>
    </>
  );
}

export function PasswordTab({ state, errorOf }: TabProps) {
  const { t, csrf, lang } = state;
  const messages = {
    ...messagesWithPrefix(lang, "error."),
    ...messagesWithPrefix(lang, "strength."),
  };
  return (
    <form method="post" action="/account" class="stack">
      <Csrf token={csrf} />
      <Action tab="password" action="password" />
      <Field
        name="current"
        type="password"
        label={t("field.currentPassword")}
        error={errorOf("password")}
        autocomplete="current-password"
        required
      />
      <PasswordInput
        name="next"
        label={t("field.newPassword")}
        hint={t("rule.password")}
        error={errorOf("next")}
        messages={messages}
      />
      <button type="submit" class="primary">{t("account.password.submit")}</button>
    </form>
  );
}
