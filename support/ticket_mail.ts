/**
 * Mail about tickets, in the asker's language: staff's answer with a link back to the
 * conversation, and for a guest, the link to their ticket once it is opened.
 */
import type { Queryable } from "../db/mod.ts";
import { translator } from "../i18n/mod.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { guestToken } from "./guest_links.ts";
import type { Ticket } from "./tickets.ts";

/** Where the asker reads ticket `ticket`: their page of it, or a guest's signed link. */
export async function askerLink(key: Uint8Array, origin: string, ticket: Ticket): Promise<string> {
  return ticket.guestEmail
    ? `${origin}/help/tickets/guest/${await guestToken(key, ticket.id)}`
    : `${origin}/help/tickets/${ticket.id}`;
}

/** The asker's address and language; none for an account without a confirmed address. */
async function recipientOf(
  db: Queryable,
  ticket: Ticket,
): Promise<{ email: string; lang: Ticket["lang"] } | undefined> {
  if (ticket.guestEmail) return { email: ticket.guestEmail, lang: ticket.lang };
  const [user] = await db.query<{ email: string; lang: Ticket["lang"] }>(
    `select email, lang from users
     where id = $1 and email is not null and email_confirmed_at is not null and deleted_at is null`,
    [ticket.userId],
  );
  return user;
}

/** Tells the asker of staff's answer `body`, with the way back to the ticket. */
export async function mailAnswer(
  db: Queryable,
  key: Uint8Array,
  origin: string,
  ticket: Ticket,
  body: string,
): Promise<boolean> {
  const to = await recipientOf(db, ticket);
  if (!to) return false;
  const t = translator(to.lang);
  await enqueueMail(db, {
    to: to.email,
    subject: t("mail.ticketAnswer.subject", { id: ticket.id, subject: ticket.subject }),
    body: t("mail.ticketAnswer.body", {
      subject: ticket.subject,
      answer: body,
      link: await askerLink(key, origin, ticket),
    }),
  });
  return true;
}

/** Gives a guest the link to the ticket they opened. */
export async function mailGuestReceipt(
  db: Queryable,
  key: Uint8Array,
  origin: string,
  ticket: Ticket,
): Promise<void> {
  const t = translator(ticket.lang);
  await enqueueMail(db, {
    to: ticket.guestEmail!,
    subject: t("mail.ticketOpened.subject", { id: ticket.id, subject: ticket.subject }),
    body: t("mail.ticketOpened.body", {
      subject: ticket.subject,
      link: await askerLink(key, origin, ticket),
    }),
  });
}
