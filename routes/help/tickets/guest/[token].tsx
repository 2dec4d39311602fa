/**
 * A guest's support request, reached by the signed link mailed to them: its conversation and their
 * answer. There is no socket without an account, so the page shows what was there when it loaded.
 */
import { Head } from "../../../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../../../framework/server.ts";
import type { ClockSettings } from "../../../../lib/client/time.ts";
import { field, readForm, seeOther } from "../../../../lib/forms.ts";
import { clockOf } from "../../../../lib/prefs.ts";
import type { State } from "../../../../lib/state.ts";
import { TicketError } from "../../../../support/errors.ts";
import { ticketOfGuestToken } from "../../../../support/guest_links.ts";
import {
  answerAsAsker,
  guestTicket,
  type Ticket,
  type TicketMessage,
  ticketThread,
} from "../../../../support/tickets.ts";
import { Csrf, FormAlert } from "../../../../components/Form.tsx";
import { ticketLabels } from "../../../../components/support/ticket_labels.ts";
import { TicketMessages, wireMessages } from "../../../../components/support/TicketMessages.tsx";

interface Data {
  ticket: Ticket;
  messages: TicketMessage[];
  clock: ClockSettings;
  error?: TicketError;
}

async function ticketOf(ctx: { params: Record<string, string>; state: State }): Promise<Ticket> {
  const { services } = ctx.state;
  const id = await ticketOfGuestToken(services.key, ctx.params.token);
  if (id === undefined) throw new TicketError("notFound");
  return await guestTicket(services.db, id);
}

export const handler: Handlers<Data, State> = {
  async GET(req, ctx) {
    const ticket = await ticketOf(ctx);
    const messages = await ticketThread(ctx.state.services.db, ticket.id, { withNotes: false });
    return ctx.render({ ticket, messages, clock: clockOf(req, ticket.lang) }, {
      headers: { "cache-control": "no-store", "referrer-policy": "no-referrer" },
    });
  },
  async POST(req, ctx) {
    const ticket = await ticketOf(ctx);
    const form = await readForm(req, ctx);
    try {
      await answerAsAsker(ctx.state.services.db, ticket, field(form, "body"));
      return seeOther(`/help/tickets/guest/${ctx.params.token}`);
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      const messages = await ticketThread(ctx.state.services.db, ticket.id, { withNotes: false });
      return ctx.render({ ticket, messages, clock: clockOf(req, ticket.lang), error }, {
        status: error.status,
      });
    }
  },
};

export default function GuestTicket({ data, state }: PageProps<Data, State>) {
  const { t } = state;
  const { ticket } = data;
  const labels = ticketLabels(t);
  return (
    <section class="tickets ticket">
      <Head>
        <title>{ticket.subject} — {t("tickets.title")}</title>
      </Head>
      <h1>{ticket.subject}</h1>
      <p>
        <span class={`status status-${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
      </p>
      {data.error && <FormAlert>{t(`ticket.error.${data.error.code}`)}</FormAlert>}
      <TicketMessages
        messages={wireMessages(data.messages)}
        viewer="asker"
        labels={labels}
        clock={data.clock}
      />
      {ticket.status === "closed"
        ? <p class="hint">{labels.closed}</p>
        : (
          <form method="post" class="ticket-answer">
            <Csrf token={state.csrf} />
            <label for="ticket-answer">{labels.answer}</label>
            <textarea id="ticket-answer" name="body" required maxLength={10_000} rows={4} />
            <button type="submit">{labels.send}</button>
          </form>
        )}
    </section>
  );
}
