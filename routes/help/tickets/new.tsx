/**
 * Opening a support request. A signed-in user asks from their account; a visitor who cannot sign
 * in asks with an e-mail address and is answered there. Throttled per account, per address and,
 * for guests, per e-mail address.
 */
import { AccountError } from "../../../accounts/errors.ts";
import { Head } from "../../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../../framework/server.ts";
import { field, originOf, readForm, refused, seeOther } from "../../../lib/forms.ts";
import type { State } from "../../../lib/state.ts";
import { TicketError } from "../../../support/errors.ts";
import { mailGuestReceipt } from "../../../support/ticket_mail.ts";
import { guestTicket, openTicket } from "../../../support/tickets.ts";
import { errorText, FormAlert } from "../../../components/Form.tsx";
import { type TicketDraft, TicketForm } from "../../../components/support/TicketForm.tsx";

interface Data {
  draft?: TicketDraft;
  error?: TicketError;
  refusal?: AccountError;
  /** A guest's request went: the address its link went to. */
  sentTo?: string;
}

export const handler: Handlers<Data, State> = {
  GET(_req, ctx) {
    return ctx.render({});
  },
  async POST(req, ctx) {
    const { services, user, lang, clientIp } = ctx.state;
    const form = await readForm(req, ctx);
    const draft: TicketDraft = {
      category: field(form, "category"),
      subject: field(form, "subject"),
      body: field(form, "body"),
      email: field(form, "email"),
    };
    try {
      const input = {
        category: draft.category!,
        subject: draft.subject!,
        body: draft.body!,
        lang,
        attachments: form.getAll("attachments").map(String),
      };
      if (user) {
        await services.accounts.throttle.takeOrRefuse([{ kind: "ticketUser", id: user.id }]);
        const id = await openTicket(services.db, { userId: user.id }, input);
        return seeOther(`/help/tickets/${id}?sent`);
      }
      const email = draft.email!.trim().toLowerCase();
      await services.accounts.throttle.takeOrRefuse([
        { kind: "ticketIp", id: clientIp },
        { kind: "ticketEmail", id: email },
      ]);
      const id = await openTicket(services.db, { guestEmail: draft.email! }, input);
      await mailGuestReceipt(
        services.db,
        services.key,
        originOf(req, ctx),
        await guestTicket(services.db, id),
      );
      services.accounts.mailQueued();
      return ctx.render({ sentTo: draft.email!.trim() });
    } catch (error) {
      if (error instanceof TicketError) {
        return ctx.render({ draft, error }, { status: error.status });
      }
      if (error instanceof AccountError) {
        return ctx.render({ draft, refusal: error }, refused(error));
      }
      throw error;
    }
  },
};

export default function NewTicket({ data, state }: PageProps<Data, State>) {
  const { t } = state;
  return (
    <section class="tickets">
      <Head>
        <title>{t("tickets.new")} — {t("app.name")}</title>
      </Head>
      <h1>{t("tickets.new")}</h1>
      {data.sentTo
        ? <FormAlert kind="ok">{t("tickets.guestSent", { email: data.sentTo })}</FormAlert>
        : (
          <>
            <p class="lead">{state.user ? t("tickets.lead") : t("tickets.guestLead")}</p>
            {!state.user && (
              <p>
                <a href="/?next=/help/tickets/new">{t("tickets.signInInstead")}</a>
              </p>
            )}
            {data.refusal && <FormAlert>{errorText(t, data.refusal)}</FormAlert>}
            <TicketForm
              t={t}
              lang={state.lang}
              csrf={state.csrf}
              guest={!state.user}
              draft={data.draft}
              error={data.error}
            />
          </>
        )}
    </section>
  );
}
