/** Accounts in a table, each linking to its page. */
import type { UserSummary } from "../../admin/users.ts";
import type { Translate } from "../../i18n/mod.ts";
import type { Clock } from "../../lib/client/time.ts";

export function UserTable(
  { users, t, clock }: { users: UserSummary[]; t: Translate; clock: Clock },
) {
  return (
    <div class="table-scroll">
      <table class="admin-table">
        <thead>
          <tr>
            <th>{t("admin.users.username")}</th>
            <th>{t("admin.users.name")}</th>
            <th>{t("admin.users.email")}</th>
            <th>{t("admin.users.role")}</th>
            <th>{t("admin.users.joined")}</th>
            <th>{t("admin.users.lastSeen")}</th>
            <th>{t("admin.users.status")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <a href={`/admin/users/${user.id}`}>{user.username}</a>
              </td>
              <td>{user.displayName ?? ""}</td>
              <td>{user.email ?? ""}</td>
              <td>{t(`admin.role.${user.role}`)}</td>
              <td>{clock.dayOf(user.createdAt.toISOString())}</td>
              <td>
                {user.lastSeenAt ? clock.momentOf(user.lastSeenAt.toISOString()) : t("admin.never")}
              </td>
              <td class={user.suspendedAt ? "suspended" : undefined}>
                {t(user.suspendedAt ? "admin.status.suspended" : "admin.status.active")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
