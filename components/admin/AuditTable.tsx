/** Entries of the audit log: when, who, what, to whom, and the details the action kept. */
import type { AuditEntry } from "../../admin/audit_log.ts";
import type { Translate } from "../../i18n/mod.ts";
import type { Clock } from "../../lib/client/time.ts";

export function AuditTable(
  { entries, t, clock }: { entries: AuditEntry[]; t: Translate; clock: Clock },
) {
  if (entries.length === 0) return <p>{t("admin.audit.empty")}</p>;
  return (
    <div class="table-scroll">
      <table class="admin-table audit">
        <thead>
          <tr>
            <th>{t("admin.audit.when")}</th>
            <th>{t("admin.audit.who")}</th>
            <th>{t("admin.audit.what")}</th>
            <th>{t("admin.audit.target")}</th>
            <th>{t("admin.audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{clock.momentOf(entry.at.toISOString())}</td>
              <td>{entry.actorName ?? t("admin.audit.installation")}</td>
              <td>{t(`admin.action.${entry.action}`)}</td>
              <td>
                {entry.targetUserId
                  ? <a href={`/admin/users/${entry.targetUserId}`}>{entry.targetName}</a>
                  : entry.target ?? ""}
              </td>
              <td class="details">
                {Object.entries(entry.details).map(([key, value]) => (
                  <span key={key}>{key}: {String(value)}</span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
