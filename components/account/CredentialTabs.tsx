/** The e-mail address and the password. */
import PasswordInput from "../../islands/PasswordInput.tsx";
import { Field, fieldMessages } from "../Form.tsx";
import { AccountForm, CurrentPassword, type TabProps } from "./AccountForm.tsx";

export function EmailTab({ state, errorOf }: TabProps) {
  const { t } = state;
  const user = state.user;
  return (
    <>
      <p>
        {t("account.email.current", { email: user.email ?? "—" })}{" "}
        <span class={user.emailConfirmed ? "tag ok" : "tag warn"}>
          {user.emailConfirmed ? t("account.email.confirmed") : t("account.email.unconfirmed")}
        </span>
      </p>
      {!user.emailConfirmed && (
        <AccountForm state={state} tab="email" action="resend" stack={false}>
          <button type="submit">{t("banner.resend")}</button>
        </AccountForm>
      )}
      <AccountForm state={state} tab="email" action="email">
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
        <CurrentPassword state={state} errorOf={errorOf} />
        <button type="submit" class="primary">{t("account.email.submit")}</button>
      </AccountForm>
    </>
  );
}

export function PasswordTab({ state, errorOf }: TabProps) {
  const { t } = state;
  return (
    <AccountForm state={state} tab="password" action="password">
      <CurrentPassword state={state} errorOf={errorOf} name="current" />
      <PasswordInput
        name="next"
        label={t("field.newPassword")}
        hint={t("rule.password")}
        error={errorOf("next")}
        messages={fieldMessages(state.lang)}
      />
      <button type="submit" class="primary">{t("account.password.submit")}</button>
    </AccountForm>
  );
}
