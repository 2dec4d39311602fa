/** The account page's tab bar and the tab on show. */
import type { SignedInState } from "../../lib/signed_in.ts";
import { errorText, FormAlert } from "../Form.tsx";
import { type AccountData, TABS } from "./AccountForm.tsx";
import { DeleteTab } from "./DeleteTab.tsx";
import { EmailTab, PasswordTab } from "./CredentialTabs.tsx";
import { PrivacyTab } from "./PrivacyTab.tsx";
import { ProfileTab } from "./ProfileTab.tsx";
import { SessionsTab } from "./SessionsTab.tsx";
import { StorageTab } from "./StorageTab.tsx";
import { TwoFactorTab } from "./TwoFactorTab.tsx";

export function AccountTabs({ data, state }: { data: AccountData; state: SignedInState }) {
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
        {data.tab === "storage" && <StorageTab {...props} />}
        {data.tab === "2fa" && <TwoFactorTab {...props} />}
        {data.tab === "delete" && <DeleteTab {...props} />}
      </div>
    </div>
  );
}
