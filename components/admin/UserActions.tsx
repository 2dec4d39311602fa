/** An account's facts and the forms of what an admin may do to it. */
import { ROLES } from "../../admin/roles.ts";
import { fileSize } from "../../lib/client/file_size.ts";
import { makeClock } from "../../lib/client/time.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import type { AuditEntry } from "../../admin/audit_log.ts";
import type { AdminError } from "../../admin/errors.ts";
import type { UserDetails } from "../../admin/users.ts";
import type { MessageKey } from "../../i18n/mod.ts";
import type { ClockSettings } from "../../lib/client/time.ts";
import { Csrf, FormAlert } from "../Form.tsx";
import { AuditTable } from "./AuditTable.tsx";

export interface UserPageData {
  user: UserDetails;
  history: AuditEntry[];
  clock: ClockSettings;
  notice?: MessageKey;
  error?: AdminError;
}

export function UserActions({ data, state }: { data: UserPageData; state: SignedInState }) {
  const { t, csrf } = state;
  const { user } = data;
  const clock = makeClock(data.clock);
  const yesNo = (value: boolean) => t(value ? "admin.yes" : "admin.no");
  const self = user.id === state.user.id;
  return (
    <div class="admin-user">
      <p>
        <a href="/admin/users">← {t("admin.user.back")}</a>
      </p>
      {data.notice && <FormAlert kind="ok">{t(data.notice)}</FormAlert>}
      {data.error && <FormAlert>{t(`admin.error.${data.error.code}`)}</FormAlert>}
      {user.suspendedAt && (
        <FormAlert>
          {t("admin.user.suspendedSince", {
            when: clock.momentOf(user.suspendedAt.toISOString()),
            reason: user.suspendedReason ?? "",
          })}
        </FormAlert>
      )}
      <dl class="facts">
        <dt>{t("admin.users.name")}</dt>
        <dd>{user.displayName ?? "—"}</dd>
        <dt>{t("admin.users.email")}</dt>
        <dd>{user.email ?? "—"}</dd>
        <dt>{t("admin.user.emailConfirmed")}</dt>
        <dd>{yesNo(user.emailConfirmed)}</dd>
        <dt>{t("admin.user.twoFactor")}</dt>
        <dd>{yesNo(user.totpEnabled)}</dd>
        <dt>{t("admin.users.role")}</dt>
        <dd>{t(`admin.role.${user.role}`)}</dd>
        <dt>{t("admin.users.joined")}</dt>
        <dd>{clock.momentOf(user.createdAt.toISOString())}</dd>
        <dt>{t("admin.users.lastSeen")}</dt>
        <dd>
          {user.lastSeenAt ? clock.momentOf(user.lastSeenAt.toISOString()) : t("admin.never")}
        </dd>
        <dt>{t("admin.user.sessions")}</dt>
        <dd>{user.liveSessions}</dd>
        <dt>{t("admin.user.chats")}</dt>
        <dd>{user.chats}</dd>
        <dt>{t("admin.user.files")}</dt>
        <dd>{fileSize(user.fileBytes, state.lang)}</dd>
      </dl>
      <p class="hint">{t("admin.user.privacy")}</p>

      {self ? <p>{t("admin.user.self")}</p> : (
        <div class="admin-actions">
          <form method="post" class="admin-action">
            <Csrf token={csrf} />
            <input type="hidden" name="action" value="role" />
            <label for="role">{t("admin.user.role")}</label>
            <select id="role" name="role">
              {ROLES.map((role) => (
                <option key={role} value={role} selected={role === user.role}>
                  {t(`admin.role.${role}`)}
                </option>
              ))}
            </select>
            <button type="submit">{t("admin.user.roleSave")}</button>
          </form>

          {user.suspendedAt
            ? (
              <form method="post" class="admin-action">
                <Csrf token={csrf} />
                <input type="hidden" name="action" value="unsuspend" />
                <button type="submit">{t("admin.user.unsuspend")}</button>
              </form>
            )
            : (
              <form method="post" class="admin-action">
                <Csrf token={csrf} />
                <input type="hidden" name="action" value="suspend" />
                <label for="reason">{t("admin.user.suspendReason")}</label>
                <textarea id="reason" name="reason" required maxLength={500} rows={2} />
                <p class="hint">{t("admin.user.suspendHint")}</p>
                <button type="submit" class="danger">{t("admin.user.suspend")}</button>
              </form>
            )}

          {user.totpEnabled && (
            <form method="post" class="admin-action">
              <Csrf token={csrf} />
              <input type="hidden" name="action" value="resetTwoFactor" />
              <label for="identityCheck">{t("admin.user.identityCheck")}</label>
              <textarea id="identityCheck" name="identityCheck" required maxLength={500} rows={2} />
              <button type="submit">{t("admin.user.resetTwoFactor")}</button>
            </form>
          )}

          <form method="post" class="admin-action">
            <Csrf token={csrf} />
            <input type="hidden" name="action" value="forcePasswordReset" />
            <p class="hint">{t("admin.user.forceResetHint")}</p>
            <button type="submit">{t("admin.user.forceReset")}</button>
          </form>

          <form method="post" class="admin-action">
            <Csrf token={csrf} />
            <input type="hidden" name="action" value="delete" />
            <label for="confirm">{t("admin.user.deleteConfirm")}</label>
            <input id="confirm" name="confirm" required autocomplete="off" />
            <p class="hint">{t("admin.user.deleteHint")}</p>
            <button type="submit" class="danger">{t("admin.user.delete")}</button>
          </form>
        </div>
      )}

      <h2>{t("admin.user.history")}</h2>
      <AuditTable entries={data.history} t={t} clock={clock} />
    </div>
  );
}
