/** A user's support requests, latest first; a visitor who is not signed in goes to the form. */
import { Head } from "../../../framework/runtime.ts";
import type { PageProps } from "../../../framework/server.ts";
import { type ClockSettings, makeClock } from "../../../lib/client/time.ts";
import { clockOf } from "../../../lib/prefs.ts";
import { signedIn, type SignedInState } from "../../../lib/signed_in.ts";
import { type Ticket, ticketsOf } from "../../../support/tickets.ts";

interface Data {
  tickets: Ticket[];
  clock: ClockSettings;
}

export const handler = signedIn<Data>({
  async GET(req, ctx) {
    const tickets = await ticketsOf(ctx.state.services.db, ctx.state.user.id);
    return ctx.render({ tickets, clock: clockOf(req, ctx.state.lang) }, {
      headers: { "cache-control": "no-store" },
    });
  },
});

export default function Tickets({ data, state }: PageProps<Data, SignedInState>) {
  const { t } = state;
  const clock = makeClock(data.clock);
  return (
    <section class="tickets">
      <Head>
        <title>{t("tickets.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("tickets.title")}</h1>
      <p class="lead">{t("tickets.lead")}</p>
      <p>
        <a class="button" href="/help/tickets/new">{t("tickets.new")}</a>
      </p>
      {data.tickets.length === 0 ? <p>{t("tickets.none")}</p> : (
        <ul class="ticket-list">
          {data.tickets.map((ticket) => (
            <li key={ticket.id}>
              <a href={`/help/tickets/${ticket.id}`}>{ticket.subject}</a>{" "}
              <span class={`status status-${ticket.status}`}>
                {t(`tickets.status.${ticket.status}`)}
              </span>{" "}
              <span class="hint">
                {t("tickets.updated", { time: clock.momentOf(ticket.updatedAt.toISOString()) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
