/** Deleting the account, with the password. */
import { Csrf, Field } from "../Form.tsx";
import { Action, type TabProps } from "./AccountTabs.tsx";

export function DeleteTab({ state, errorOf }: TabProps) {
  const { t, csrf } = state;
  return (
    <form method="post" action="/account" class="stack">
      <p>{t("account.delete.lead")}</p>
      <Csrf token={csrf} />
      <Action tab="delete" action="delete" />
      <Field
        name="password"
        type="password"
        label={t("field.currentPassword")}
        error={errorOf("password")}
        autocomplete="current-password"
        required
      />
      <button type="submit" class="danger">{t("account.delete.submit")}</button>
    </form>
  );
}
