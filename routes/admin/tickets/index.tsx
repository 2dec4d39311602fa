/** The support queue: tickets by status, topic and assignment, new ones first, then oldest. */
import type { PageProps } from "../../../framework/server.ts";
import { type ClockSettings, makeClock } from "../../../lib/client/time.ts";
import { clockOf } from "../../../lib/prefs.ts";
import type { SignedInState } from "../../../lib/signed_in.ts";
import { withRole } from "../../../lib/staff.ts";
import { isCategory, type QueueFilter, ticketQueue } from "../../../support/staff_desk.ts";
import {
  type Ticket,
  TICKET_CATEGORIES,
  TICKET_STATUSES,
  type TicketStatus,
} from "../../../support/tickets.ts";
import { AdminPage } from "../../../components/admin/AdminPage.tsx";

interface Data {
  filter: QueueFilter;
  tickets: Ticket[];
  counts: Record<TicketStatus, number>;
  clock: ClockSettings;
}

function filterOf(params: URLSearchParams): QueueFilter {
  const status = params.get("status") ?? "active";
  const category = params.get("category") ?? "";
  const assignee = params.get("assignee");
  return {
    status: status === "all" || TICKET_STATUSES.includes(status as TicketStatus)
      ? status as QueueFilter["status"]
      : "active",
    ...(isCategory(category) ? { category } : {}),
    ...(assignee === "me" || assignee === "nobody" ? { assignee } : {}),
  };
}

export const handler = withRole<Data>("support", {
  async GET(req, ctx) {
    const filter = filterOf(new URL(req.url).searchParams);
    const queue = await ticketQueue(ctx.state.services.db, ctx.state.user.id, filter);
    return ctx.render({ filter, ...queue, clock: clockOf(req, ctx.state.lang) });
  },
});

export default function Queue({ data, state }: PageProps<Data, SignedInState>) {
  const { t } = state;
  const clock = makeClock(data.clock);
  const { filter } = data;
  return (
    <AdminPage state={state} section="tickets" title={t("admin.nav.tickets")}>
      <form method="get" class="admin-search queue-filter">
        <select name="status" aria-label={t("admin.tickets.status")}>
          {(["active", "all", ...TICKET_STATUSES] as const).map((status) => (
            <option key={status} value={status} selected={filter.status === status}>
              {status === "active"
                ? t("admin.tickets.active")
                : status === "all"
                ? t("admin.tickets.all")
                : `${t(`tickets.status.${status}`)} (${data.counts[status]})`}
            </option>
          ))}
        </select>
        <select name="category" aria-label={t("tickets.category")}>
          <option value="">{t("admin.tickets.anyCategory")}</option>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category} selected={filter.category === category}>
              {t(`tickets.category.${category}`)}
            </option>
          ))}
        </select>
        <select name="assignee" aria-label={t("admin.tickets.assigned")}>
          <option value="">{t("admin.tickets.anyone")}</option>
          <option value="me" selected={filter.assignee === "me"}>{t("admin.tickets.me")}</option>
          <option value="nobody" selected={filter.assignee === "nobody"}>
            {t("admin.tickets.nobody")}
          </option>
        </select>
        <button type="submit">{t("admin.tickets.show")}</button>
      </form>
      {data.tickets.length === 0 ? <p>{t("admin.tickets.none")}</p> : (
        <div class="table-scroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("tickets.subject")}</th>
                <th>{t("admin.tickets.asker")}</th>
                <th>{t("tickets.category")}</th>
                <th>{t("admin.tickets.status")}</th>
                <th>{t("admin.tickets.assigned")}</th>
                <th>{t("admin.tickets.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {data.tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <td>{ticket.id}</td>
                  <td>
                    <a href={`/admin/tickets/${ticket.id}`}>{ticket.subject}</a>
                  </td>
                  <td>
                    {ticket.asker}
                    {ticket.guestEmail && ` (${t("admin.ticket.guest")})`}
                  </td>
                  <td>{t(`tickets.category.${ticket.category}`)}</td>
                  <td class={`status-${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</td>
                  <td>{ticket.assigneeName ?? "—"}</td>
                  <td>{clock.momentOf(ticket.updatedAt.toISOString())}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}
