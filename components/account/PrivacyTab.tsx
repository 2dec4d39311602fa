/** Who may find, message and see the user, and what notifications show. */
import type { MessageKey } from "../../i18n/mod.ts";
import { AccountForm, type TabProps } from "./AccountForm.tsx";

function Choice(
  { name, label, options, value, t }: {
    name: string;
    label: string;
    options: string[];
    value: string;
    t: (key: MessageKey) => string;
  },
) {
  return (
    <fieldset class="choice">
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option}>
          <input type="radio" name={name} value={option} checked={option === value} />{" "}
          {t(`audience.${option}` as MessageKey)}
        </label>
      ))}
    </fieldset>
  );
}

export function PrivacyTab({ state }: TabProps) {
  const { t } = state;
  const privacy = state.user.privacy;
  const all = ["everyone", "contacts", "nobody"];
  return (
    <AccountForm state={state} tab="privacy" action="privacy">
      <Choice
        name="findBy"
        label={t("account.privacy.findBy")}
        options={all}
        value={privacy.findBy}
        t={t}
      />
      <Choice
        name="messageFrom"
        label={t("account.privacy.messageFrom")}
        options={["everyone", "contacts"]}
        value={privacy.messageFrom}
        t={t}
      />
      <Choice
        name="lastSeen"
        label={t("account.privacy.lastSeen")}
        options={all}
        value={privacy.lastSeenVisibleTo}
        t={t}
      />
      <Choice
        name="groupAddFrom"
        label={t("account.privacy.groupAddFrom")}
        options={["everyone", "contacts"]}
        value={privacy.groupAddFrom}
        t={t}
      />
      <fieldset class="choice">
        <legend>{t("account.privacy.notifications")}</legend>
        <label>
          <input type="checkbox" name="pushShowsText" checked={privacy.pushShowsText} />{" "}
          {t("account.privacy.pushShowsText")}
        </label>
      </fieldset>
      <button type="submit" class="primary">{t("account.save")}</button>
    </AccountForm>
  );
}
