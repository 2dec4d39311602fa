/**
 * One of the user's support requests: its conversation, live, and their answer. Someone else's
 * request is 404, as one that does not exist.
 */
import { Head } from "../../../framework/runtime.ts";
import type { PageProps } from "../../../framework/server.ts";
import type { ClockSettings } from "../../../lib/client/time.ts";
import { field, readForm, seeOther } from "../../../lib/forms.ts";
import { clockOf } from "../../../lib/prefs.ts";
import { signedIn, type SignedInContext, type SignedInState } from "../../../lib/signed_in.ts";
import { TicketError } from "../../../support/errors.ts";
import {
  answerAsAsker,
  ownTicket,
  type Ticket,
  type TicketMessage,
  ticketThread,
} from "../../../support/tickets.ts";
import { FormAlert } from "../../../components/Form.tsx";
import { attachLabels, ticketLabels } from "../../../components/support/ticket_labels.ts";
import { wireMessages } from "../../../components/support/TicketMessages.tsx";
import TicketThread from "../../../islands/TicketThread.tsx";

interface Data {
  ticket: Ticket;
  messages: TicketMessage[];
  clock: ClockSettings;
  sent: boolean;
  error?: TicketError;
}

async function pageData(
  req: Request,
  ctx: SignedInContext<Data>,
  extra: Partial<Data> = {},
): Promise<Data> {
  const { db } = ctx.state.services;
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id)) throw new TicketError("notFound");
  const ticket = await ownTicket(db, ctx.state.user.id, id);
  return {
    ticket,
    messages: await ticketThread(db, id, { withNotes: false }),
    clock: clockOf(req, ctx.state.lang),
    sent: new URL(req.url).searchParams.has("sent"),
    ...extra,
  };
}

export const handler = signedIn<Data>({
  async GET(req, ctx) {
    return ctx.render(await pageData(req, ctx), { headers: { "cache-control": "no-store" } });
  },
  async POST(req, ctx) {
    const data = await pageData(req, ctx);
    const form = await readForm(req, ctx);
    try {
      await answerAsAsker(
        ctx.state.services.db,
        data.ticket,
        field(form, "body"),
        form.getAll("attachments").map(String),
      );
      return seeOther(`/help/tickets/${data.ticket.id}`);
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      return ctx.render({ ...data, error }, { status: error.status });
    }
  },
});

export default function TicketPage({ data, state }: PageProps<Data, SignedInState>) {
  const { t } = state;
  const { ticket } = data;
  return (
    <section class="tickets ticket">
      <Head>
        <title>{ticket.subject} — {t("tickets.title")}</title>
      </Head>
      <p>
        <a href="/help/tickets">← {t("tickets.back")}</a>
      </p>
      <h1>{ticket.subject}</h1>
      <p>
        <span class={`status status-${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
        {" · "}
        {t(`tickets.category.${ticket.category}`)}
      </p>
      {data.sent && <FormAlert kind="ok">{t("tickets.sent")}</FormAlert>}
      {data.error && <FormAlert>{t(`ticket.error.${data.error.code}`)}</FormAlert>}
      <TicketThread
        ticketId={ticket.id}
        messages={wireMessages(data.messages)}
        viewer="asker"
        status={ticket.status}
        clock={data.clock}
        labels={ticketLabels(t)}
        attachLabels={attachLabels(t)}
        locale={state.lang}
        csrf={state.csrf}
      />
    </section>
  );
}
