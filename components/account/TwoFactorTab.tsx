/** Turning two-factor sign-in on (QR code, key, confirmation, recovery codes) and off. */
import { Csrf, Field, FormAlert } from "../Form.tsx";
import { Action, type TabProps } from "./AccountTabs.tsx";

export function TwoFactorTab({ data, state, errorOf }: TabProps) {
  const { t, csrf } = state;
  const user = state.user!;
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
        <form method="post" action="/account" class="stack">
          <Csrf token={csrf} />
          <Action tab="2fa" action="2faDisable" />
          <Field
            name="password"
            type="password"
            label={t("field.currentPassword")}
            error={errorOf("password")}
            autocomplete="current-password"
            required
          />
          <Field
            name="code"
            label={t("field.code")}
            error={errorOf("code")}
            autocomplete="one-time-code"
            required
            maxLength={16}
          />
          <button type="submit" class="danger">{t("account.2fa.disable")}</button>
        </form>
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
        <form method="post" action="/account" class="stack">
          <Csrf token={csrf} />
          <Action tab="2fa" action="2faEnable" />
          <Field
            name="code"
            label={t("field.code")}
            error={errorOf("code")}
            autocomplete="one-time-code"
            inputmode="numeric"
            required
            autofocus
            maxLength={6}
          />
          <button type="submit" class="primary">{t("account.2fa.enable")}</button>
        </form>
      </>
    );
  }
  return (
    <>
      <p>{t("account.2fa.off")}</p>
      <form method="post" action="/account">
        <Csrf token={csrf} />
        <Action tab="2fa" action="2faBegin" />
        <button type="submit" class="primary">{t("account.2fa.begin")}</button>
      </form>
    </>
  );
}
