/** What the account page's tabs share: its data, the tab names, and its forms. */
import type { ComponentChildren } from "preact";
import type { AccountError } from "../../accounts/errors.ts";
import type { SessionRow } from "../../accounts/sessions.ts";
import type { TwoFactorSetup } from "../../accounts/two_factor.ts";
import type { StorageUse } from "../../files/usage.ts";
import type { MessageKey } from "../../i18n/mod.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { Csrf, Field } from "../Form.tsx";

export const TABS = [
  "profile",
  "email",
  "password",
  "privacy",
  "sessions",
  "storage",
  "2fa",
  "delete",
] as const;
export type Tab = typeof TABS[number];

/** What the account page shows: the tab, its outcome, and what the tab needs read. */
export interface AccountData {
  tab: Tab;
  notice?: MessageKey;
  error?: AccountError;
  sessions: SessionRow[];
  setup?: TwoFactorSetup;
  recoveryCodes?: string[];
  storage?: StorageUse;
}

/** What every tab receives: the page's data, the state, and the error for one of its fields. */
export interface TabProps {
  data: AccountData;
  state: SignedInState;
  errorOf: (field: string) => string | undefined;
}

/** A form of the account page: posted to /account with its CSRF token, tab and action. */
export function AccountForm(
  { state, tab, action, stack = true, multipart = false, children }: {
    state: SignedInState;
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
