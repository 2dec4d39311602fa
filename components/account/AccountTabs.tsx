/** The account page's tab bar and the tab on show. */
import type { AccountData } from "../../routes/account.tsx";
import type { State } from "../../lib/state.ts";
import type { ComponentChildren } from "preact";
import { Csrf, errorText, Field, FormAlert } from "../Form.tsx";
import { DeleteTab } from "./DeleteTab.tsx";
import { EmailTab, PasswordTab } from "./CredentialTabs.tsx";
import { PrivacyTab } from "./PrivacyTab.tsx";
import { ProfileTab } from "./ProfileTab.tsx";
import { SessionsTab } from "./SessionsTab.tsx";
import { TwoFactorTab } from "./TwoFactorTab.tsx";

export const TABS = [
  "profile",
  "email",
  "password",
  "privacy",
  "sessions",
  "2fa",
  "delete",
] as const;
export type Tab = typeof TABS[number];

/** What every tab receives: the page's data, the state, and the error for one of its fields. */
export interface TabProps {
  data: AccountData;
  state: State;
  errorOf: (field: string) => string | undefined;
}

export function AccountTabs({ data, state }: { data: AccountData; state: State }) {
  const { t } = state;
  const error = data.error;
  const errorOf = (name: string) => error?.field === name ? errorText(t, error) : undefined;
  const props = { data, state, errorOf };
  return (
    <div class="tabs">
      <nav class="tab-bar" aria-label={t("account.title")}>
        {TABS.map((tab) => (
          <a
            key={tab}
            href={`/account?tab=${tab}`}
            aria-current={tab === data.tab ? "page" : undefined}
          >
            {t(`account.tab.${tab}`)}
          </a>
        ))}
      </nav>
      <div class="tab-panel" data-tab={data.tab}>
        {data.notice && <FormAlert kind="ok">{t(data.notice)}</FormAlert>}
        {error && !error.field && <FormAlert>{errorText(t, error)}</FormAlert>}
        {data.tab === "profile" && <ProfileTab {...props} />}
        {data.tab === "email" && <EmailTab {...props} />}
        {data.tab === "password" && <PasswordTab {...props} />}
        {data.tab === "privacy" && <PrivacyTab {...props} />}
        {data.tab === "sessions" && <SessionsTab {...props} />}
        {data.tab === "2fa" && <TwoFactorTab {...props} />}
        {data.tab === "delete" && <DeleteTab {...props} />}
      </div>
    </div>
  );
}

/** A form of the account page: posted to /account with its CSRF token, tab and action. */
export function AccountForm(
  { state, tab, action, stack = true, multipart = false, children }: {
    state: State;
    tab: Tab;
    action: string;
    stack?: boolean;
    multipart?: boolean;
    children: ComponentChildren;
  },
) {
  return (
    <form
      method="post"
      action="/account"
      class={stack ? "stack" : undefined}
      enctype={multipart ? "multipart/form-data" : undefined}
    >
      <Csrf token={state.csrf} />
      <input type="hidden" name="tab" value={tab} />
      <input type="hidden" name="action" value={action} />
      {children}
    </form>
  );
}

/** The current password, which the risky changes ask for. */
export function CurrentPassword(
  { state, errorOf, name = "password" }: Pick<TabProps, "state" | "errorOf"> & { name?: string },
) {
  return (
    <Field
      name={name}
      type="password"
      label={state.t("field.currentPassword")}
      error={errorOf("password")}
      autocomplete="current-password"
      required
    />
  );
}
