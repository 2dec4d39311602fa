/** Turning two-factor sign-in on (QR code, key, confirmation, recovery codes) and off. */
import { Field, FormAlert } from "../Form.tsx";
import { AccountForm, CurrentPassword, type TabProps } from "./AccountForm.tsx";

export function TwoFactorTab({ data, state, errorOf }: TabProps) {
  const { t } = state;
  const user = state.user;
  const code = (autofocus: boolean) => (
    <Field
      name="code"
      label={t("field.code")}
      error={errorOf("code")}
      autocomplete="one-time-code"
      required
      autofocus={autofocus}
      maxLength={16}
    />
  );
  if (data.recoveryCodes) {
    return (
      <>
        <FormAlert kind="ok">{t("account.2fa.on")}</FormAlert>
        <p>{t("account.2fa.codes")}</p>
        <ol class="recovery-codes">
          {data.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
      </>
    );
  }
  if (user.totpEnabled) {
    return (
      <>
        <p>{t("account.2fa.on")}</p>
        <AccountForm state={state} tab="2fa" action="2faDisable">
          <CurrentPassword state={state} errorOf={errorOf} />
          {code(false)}
          <button type="submit" class="danger">{t("account.2fa.disable")}</button>
        </AccountForm>
      </>
    );
  }
  if (data.setup) {
    return (
      <>
        <p>{t("account.2fa.scan")}</p>
        {/* The SVG comes from the QR library on the server, from a URI the server built. */}
        <div class="qr" dangerouslySetInnerHTML={{ __html: data.setup.qrSvg }} />
        <p>
          {t("account.2fa.key")}: <code class="totp-secret">{data.setup.secret}</code>
        </p>
        <AccountForm state={state} tab="2fa" action="2faEnable">
          {code(true)}
          <button type="submit" class="primary">{t("account.2fa.enable")}</button>
        </AccountForm>
      </>
    );
  }
  return (
    <>
      <p>{t("account.2fa.off")}</p>
      <AccountForm state={state} tab="2fa" action="2faBegin" stack={false}>
        <button type="submit" class="primary">{t("account.2fa.begin")}</button>
      </AccountForm>
    </>
  );
}
