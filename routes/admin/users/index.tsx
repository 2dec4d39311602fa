/** Accounts, found by username, name or address: staff and suspended accounts first. */
import { findUsers, type UserSummary } from "../../../admin/users.ts";
import type { PageProps } from "../../../framework/server.ts";
import { type ClockSettings, makeClock } from "../../../lib/client/time.ts";
import { clockOf } from "../../../lib/prefs.ts";
import type { SignedInState } from "../../../lib/signed_in.ts";
import { withRole } from "../../../lib/staff.ts";
import { AdminPage } from "../../../components/admin/AdminPage.tsx";
import { UserTable } from "../../../components/admin/UserTable.tsx";

interface Data {
  query: string;
  users: UserSummary[];
  clock: ClockSettings;
}

export const handler = withRole<Data>("admin", {
  async GET(req, ctx) {
    const query = (new URL(req.url).searchParams.get("q") ?? "").slice(0, 200);
    const users = await findUsers(ctx.state.services.db, query);
    return ctx.render({ query, users, clock: clockOf(req, ctx.state.lang) });
  },
});

export default function Users({ data, state }: PageProps<Data, SignedInState>) {
  const { t } = state;
  return (
    <AdminPage state={state} section="users" title={t("admin.nav.users")}>
      <form method="get" action="/admin/users" class="admin-search" role="search">
        <input
          type="search"
          name="q"
          value={data.query}
          aria-label={t("admin.users.search")}
          placeholder={t("admin.users.search")}
        />
        <button type="submit">{t("admin.users.find")}</button>
      </form>
      {!data.query && <p class="hint">{t("admin.users.staffFirst")}</p>}
      {data.users.length === 0
        ? <p>{t("admin.users.none")}</p>
        : <UserTable users={data.users} t={t} clock={makeClock(data.clock)} />}
    </AdminPage>
  );
}
