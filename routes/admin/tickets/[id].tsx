/**
 * One ticket for support staff: the conversation with their notes, live; an answer or a note,
 * started from a canned reply if they like, with the status it leaves the ticket in; assignment
 * and status.
 */
import type { PageProps } from "../../../framework/server.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { field, originOf, readForm, seeOther } from "../../../lib/forms.ts";
import { clockOf } from "../../../lib/prefs.ts";
import type { SignedInContext, SignedInState } from "../../../lib/signed_in.ts";
import { withRole } from "../../../lib/staff.ts";
import { TicketError } from "../../../support/errors.ts";
import {
  answerAsStaff,
  assignTicket,
  cannedReplies,
  setTicketStatus,
  staffMembers,
  staffTicket,
} from "../../../support/staff_desk.ts";
import { type Ticket, ticketThread } from "../../../support/tickets.ts";
import { AdminPage } from "../../../components/admin/AdminPage.tsx";
import { FormAlert } from "../../../components/Form.tsx";
import {
  type StaffTicketData,
  StaffTicketForms,
} from "../../../components/support/StaffTicketForms.tsx";
import { attachLabels, ticketLabels } from "../../../components/support/ticket_labels.ts";
import { wireMessages } from "../../../components/support/TicketMessages.tsx";
import TicketThread from "../../../islands/TicketThread.tsx";

async function pageData(
  req: Request,
  ctx: SignedInContext<StaffTicketData>,
  extra: Partial<StaffTicketData> = {},
): Promise<StaffTicketData> {
  const { db } = ctx.state.services;
  const ticket = await ticketOf(ctx);
  return {
    ticket,
    messages: await ticketThread(db, ticket.id, { withNotes: true }),
    canned: await cannedReplies(db),
    staff: await staffMembers(db),
    clock: clockOf(req, ctx.state.lang),
    ...extra,
  };
}

function ticketOf(ctx: SignedInContext<StaffTicketData>): Promise<Ticket> {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id)) throw new TicketError("notFound");
  return staffTicket(ctx.state.services.db, id);
}

async function act(req: Request, ctx: SignedInContext<StaffTicketData>): Promise<void> {
  const form = await readForm(req, ctx);
  const { services, user } = ctx.state;
  const ticket = await ticketOf(ctx);
  switch (field(form, "action")) {
    case "answer": {
      const canned = (await cannedReplies(services.db))
        .find((reply) => String(reply.id) === field(form, "canned"));
      // A canned reply starts the answer; what was typed follows it.
      const body = [canned?.body, field(form, "body").trim()].filter(Boolean).join("\n\n");
      return await answerAsStaff(
        { db: services.db, key: services.key, mailQueued: services.accounts.mailQueued },
        user.id,
        ticket,
        {
          body,
          internal: field(form, "internal") === "on",
          status: field(form, "status"),
          origin: originOf(req, ctx),
          attachments: form.getAll("attachments").map(String),
        },
      );
    }
    case "status":
      return await setTicketStatus(services.db, user.id, ticket, field(form, "status"));
    case "assign": {
      const to = field(form, "assignee");
      return await assignTicket(services.db, user.id, ticket, to ? Number(to) : null);
    }
  }
  throw new HttpError(400, "No such action");
}

export const handler = withRole<StaffTicketData>("support", {
  async GET(req, ctx) {
    return ctx.render(await pageData(req, ctx));
  },
  async POST(req, ctx) {
    try {
      await act(req, ctx);
      return seeOther(`/admin/tickets/${ctx.params.id}`);
    } catch (error) {
      if (!(error instanceof TicketError) || error.code === "notFound") throw error;
      return ctx.render(await pageData(req, ctx, { error }), { status: error.status });
    }
  },
});

export default function StaffTicket({ data, state }: PageProps<StaffTicketData, SignedInState>) {
  const { t } = state;
  const { ticket } = data;
  return (
    <AdminPage
      state={state}
      section="tickets"
      title={t("admin.ticket.title", { id: ticket.id, subject: ticket.subject })}
    >
      <p>
        <a href="/admin/tickets">← {t("admin.ticket.back")}</a>
      </p>
      <p>
        {ticket.asker}
        {ticket.guestEmail && ` (${t("admin.ticket.guest")})`} ·{" "}
        {t(`tickets.category.${ticket.category}`)}
        {" · "}
        <span class={`status status-${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
      </p>
      {data.error && <FormAlert>{t(`ticket.error.${data.error.code}`)}</FormAlert>}
      <TicketThread
        ticketId={ticket.id}
        messages={wireMessages(data.messages)}
        viewer="staff"
        status={ticket.status}
        clock={data.clock}
        labels={ticketLabels(t)}
        attachLabels={attachLabels(t)}
        locale={state.lang}
      />
      <StaffTicketForms data={data} state={state} />
    </AdminPage>
  );
}
