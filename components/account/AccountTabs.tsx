/** The account page's tab bar and the tab on show. */
import type { AccountData } from "../../routes/account.tsx";
import type { State } from "../../lib/state.ts";
import { errorText, FormAlert } from "../Form.tsx";
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

/** The hidden fields that say which form was posted. */
export function Action({ tab, action }: { tab: Tab; action: string }) {
  return (
    <>
      <input type="hidden" name="tab" value={tab} />
      <input type="hidden" name="action" value={action} />
    </>
  );
}
