/** The audit log: what admins and support staff did, newest first, paged back by id. */
import { auditEntries, type AuditEntry } from "../../admin/audit_log.ts";
import type { PageProps } from "../../framework/server.ts";
import { type ClockSettings, makeClock } from "../../lib/client/time.ts";
import { clockOf } from "../../lib/prefs.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { withRole } from "../../lib/staff.ts";
import { AdminPage } from "../../components/admin/AdminPage.tsx";
import { AuditTable } from "../../components/admin/AuditTable.tsx";

const PAGE = 100;

interface Data {
  entries: AuditEntry[];
  clock: ClockSettings;
}

export const handler = withRole<Data>("admin", {
  async GET(req, ctx) {
    const before = Number(new URL(req.url).searchParams.get("before"));
    const entries = await auditEntries(ctx.state.services.db, {
      limit: PAGE,
      before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    });
    return ctx.render({ entries, clock: clockOf(req, ctx.state.lang) });
  },
});

export default function Audit({ data, state }: PageProps<Data, SignedInState>) {
  const { t } = state;
  const last = data.entries.at(-1);
  return (
    <AdminPage state={state} section="audit" title={t("admin.nav.audit")}>
      <AuditTable entries={data.entries} t={t} clock={makeClock(data.clock)} />
      {last && data.entries.length === PAGE && (
        <p>
          <a href={`/admin/audit?before=${last.id}`}>{t("admin.audit.older")}</a>
        </p>
      )}
    </AdminPage>
  );
}
