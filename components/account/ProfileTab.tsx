/** Username, display name and avatar. */
import { avatarUrl, shownName } from "../../accounts/users.ts";
import { AVATAR_TYPES } from "../../accounts/avatar.ts";
import { Avatar } from "../Avatar.tsx";
import { Field } from "../Form.tsx";
import { AccountForm, type TabProps } from "./AccountForm.tsx";

export function ProfileTab({ state, errorOf }: TabProps) {
  const { t } = state;
  const user = state.user;
  return (
    <>
      <AccountForm state={state} tab="profile" action="username">
        <Field
          name="username"
          label={t("field.username")}
          value={user.username}
          hint={t("rule.username")}
          error={errorOf("username")}
          autocomplete="username"
          required
          maxLength={32}
        />
        <button type="submit">{t("account.username.save")}</button>
      </AccountForm>
      <AccountForm state={state} tab="profile" action="displayName">
        <Field
          name="displayName"
          label={t("field.displayName")}
          value={user.displayName ?? ""}
          hint={t("rule.displayName")}
          error={errorOf("displayName")}
          autocomplete="nickname"
          maxLength={64}
        />
        <button type="submit">{t("account.save")}</button>
      </AccountForm>
      <AccountForm state={state} tab="profile" action="avatar" multipart>
        <div class="avatar-row">
          <Avatar name={shownName(user)} url={avatarUrl(user)} size={96} />
          <div class="field">
            <label for="field-avatar">{t("field.avatar")}</label>
            <input
              id="field-avatar"
              name="avatar"
              type="file"
              accept={AVATAR_TYPES.join(",")}
              required
            />
            {errorOf("avatar") && <p class="field-error">{errorOf("avatar")}</p>}
            <p class="hint">{t("rule.avatar")}</p>
          </div>
        </div>
        <button type="submit">{t("account.avatar.upload")}</button>
      </AccountForm>
      {user.avatarVersion > 0 && (
        <AccountForm state={state} tab="profile" action="avatarRemove" stack={false}>
          <button type="submit" class="link">{t("account.avatar.remove")}</button>
        </AccountForm>
      )}
    </>
  );
}
