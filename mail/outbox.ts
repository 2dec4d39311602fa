/**
 * Outgoing mail is first a row in `outbox`, written in the same transaction as the change it
 * announces; the mailer delivers it afterwards and retries on failure.
 */
import type { Queryable } from "../db/mod.ts";

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/** A mail as the dev mailbox shows it. */
export interface OutboxRow extends Mail {
  id: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** Queues `mail`. */
export async function enqueueMail(db: Queryable, mail: Mail): Promise<void> {
  await db.query("insert into outbox (recipient, subject, body) values ($1, $2, $3)", [
    mail.to,
    mail.subject,
    mail.body,
  ]);
}

/** The latest mails, newest first, optionally only those to `to`. */
export async function recentMail(db: Queryable, limit = 50, to?: string): Promise<OutboxRow[]> {
  const rows = await db.query<
    {
      id: number;
      recipient: string;
      subject: string;
      body: string;
      created_at: Date;
      sent_at: Date | null;
    }
  >(
    `select id, recipient, subject, body, created_at, sent_at from outbox
     where $2::text is null or lower(recipient) = lower($2)
     order by id desc limit $1`,
    [limit, to ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    to: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}
