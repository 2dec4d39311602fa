/** The form that opens a ticket: topic, subject, message, and for a guest, their address. */
import type { Translate } from "../../i18n/mod.ts";
import { TICKET_CATEGORIES } from "../../support/tickets.ts";
import type { TicketError } from "../../support/errors.ts";
import { Csrf, FormAlert } from "../Form.tsx";
import AttachFiles from "../../islands/AttachFiles.tsx";
import { attachLabels } from "./ticket_labels.ts";

export interface TicketDraft {
  category?: string;
  subject?: string;
  body?: string;
  email?: string;
}

export function TicketForm(
  { t, lang, csrf, guest, draft = {}, error }: {
    t: Translate;
    lang: string;
    csrf: string;
    guest: boolean;
    draft?: TicketDraft;
    error?: TicketError;
  },
) {
  return (
    <form method="post" action="/help/tickets/new" class="ticket-form">
      <Csrf token={csrf} />
      {error && <FormAlert>{t(`ticket.error.${error.code}`)}</FormAlert>}
      {guest && (
        <div class="field">
          <label for="ticket-email">{t("tickets.email")}</label>
          <input
            id="ticket-email"
            name="email"
            type="email"
            required
            autocomplete="email"
            value={draft.email}
          />
        </div>
      )}
      <div class="field">
        <label for="ticket-category">{t("tickets.category")}</label>
        <select id="ticket-category" name="category" required>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category} selected={draft.category === category}>
              {t(`tickets.category.${category}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="ticket-subject">{t("tickets.subject")}</label>
        <input id="ticket-subject" name="subject" required maxLength={200} value={draft.subject} />
      </div>
      <div class="field">
        <label for="ticket-body">{t("tickets.message")}</label>
        <textarea id="ticket-body" name="body" required maxLength={10_000} rows={6}>
          {draft.body}
        </textarea>
      </div>
      {!guest && <AttachFiles csrf={csrf} locale={lang} labels={attachLabels(t)} />}
      <button type="submit">{t("tickets.submit")}</button>
    </form>
  );
}
