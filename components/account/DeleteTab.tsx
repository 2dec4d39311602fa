/** Deleting the account, with the password. */
import { AccountForm, CurrentPassword, type TabProps } from "./AccountForm.tsx";

export function DeleteTab({ state, errorOf }: TabProps) {
  const { t } = state;
  return (
    <AccountForm state={state} tab="delete" action="delete">
      <p>{t("account.delete.lead")}</p>
      <CurrentPassword state={state} errorOf={errorOf} />
      <button type="submit" class="danger">{t("account.delete.submit")}</button>
    </AccountForm>
  );
}
