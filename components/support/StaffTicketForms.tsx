/** What staff do on a ticket: answer or note, set its status, assign it. Plain forms. */
import type { SignedInState } from "../../lib/signed_in.ts";
import type { ClockSettings } from "../../lib/client/time.ts";
import type { TicketError } from "../../support/errors.ts";
import type { CannedReply } from "../../support/staff_desk.ts";
import { type Ticket, TICKET_STATUSES, type TicketMessage } from "../../support/tickets.ts";
import { Csrf } from "../Form.tsx";
import AttachFiles from "../../islands/AttachFiles.tsx";
import { attachLabels } from "./ticket_labels.ts";

export interface StaffTicketData {
  ticket: Ticket;
  messages: TicketMessage[];
  canned: CannedReply[];
  staff: { id: number; username: string }[];
  clock: ClockSettings;
  error?: TicketError;
}

export function StaffTicketForms({ data, state }: { data: StaffTicketData; state: SignedInState }) {
  const { t, csrf } = state;
  const { ticket } = data;
  return (
    <div class="admin-actions">
      <form method="post" class="admin-action staff-answer">
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="answer" />
        {data.canned.length > 0 && (
          <>
            <label for="canned">{t("admin.ticket.canned")}</label>
            <select id="canned" name="canned">
              <option value="">—</option>
              {data.canned.map((reply) => (
                <option key={reply.id} value={reply.id}>{reply.title}</option>
              ))}
            </select>
          </>
        )}
        <label for="staff-body">{t("tickets.answer")}</label>
        <textarea id="staff-body" name="body" maxLength={10_000} rows={5} />
        <AttachFiles csrf={csrf} locale={state.lang} labels={attachLabels(t)} />
        <label class="check">
          <input type="checkbox" name="internal" /> {t("admin.ticket.internal")}
        </label>
        <label for="after">{t("admin.ticket.statusAfter")}</label>
        <select id="after" name="status">
          {(["waiting", "open", "solved"] as const).map((status) => (
            <option key={status} value={status}>{t(`tickets.status.${status}`)}</option>
          ))}
        </select>
        <button type="submit">{t("admin.ticket.send")}</button>
      </form>

      <form method="post" class="admin-action">
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="assign" />
        <label for="assignee">{t("admin.tickets.assigned")}</label>
        <select id="assignee" name="assignee">
          <option value="">{t("admin.tickets.nobody")}</option>
          {data.staff.map((member) => (
            <option key={member.id} value={member.id} selected={member.id === ticket.assigneeId}>
              {member.username}
            </option>
          ))}
        </select>
        <button type="submit">{t("admin.ticket.assign")}</button>
      </form>

      <form method="post" class="admin-action">
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="status" />
        <label for="set-status">{t("admin.tickets.status")}</label>
        <select id="set-status" name="status">
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status} selected={status === ticket.status}>
              {t(`tickets.status.${status}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("admin.ticket.setStatus")}</button>
      </form>
    </div>
  );
}
