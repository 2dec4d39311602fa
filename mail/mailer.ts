/**
 * Delivers the outbox: through SMTP (nodemailer) when `SMTP_URL` is set, else by writing each
 * mail to the log, which is how a server without mail shows its links.
 */
// @ts-types="npm:@types/nodemailer@8.0.2"
import nodemailer from "nodemailer";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Mail } from "./outbox.ts";

/** Sends one mail or throws. */
export type Transport = (mail: Mail) => Promise<void>;

export interface MailerOptions {
  db: Db;
  log: Logger;
  from: string;
  smtpUrl?: string;
  /** How often to look for mail queued by another process. */
  pollSeconds?: number;
}

/** A running mailer. */
export interface Mailer {
  /** Delivers what is due now, without waiting for the next poll. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/** The transport the configuration names. */
export function createTransport(
  options: Pick<MailerOptions, "log" | "from" | "smtpUrl">,
): Transport {
  if (!options.smtpUrl) {
    return (mail) => {
      options.log.info("Mail (no SMTP_URL set, so it is printed here)", { ...mail });
      return Promise.resolve();
    };
  }
  const smtp = nodemailer.createTransport(options.smtpUrl);
  return async (mail) => {
    await smtp.sendMail({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.body,
    });
  };
}

const BATCH = 20;
const MAX_ATTEMPTS = 8;

/** Starts delivering queued mail. */
export function startMailer(options: MailerOptions, transport = createTransport(options)): Mailer {
  const { db, log } = options;
  let running: Promise<number> | undefined;

  const deliverDue = async (): Promise<number> => {
    const due = await db.query<
      { id: number; recipient: string; subject: string; body: string; attempts: number }
    >(
      `select id, recipient, subject, body, attempts from outbox
       where sent_at is null and attempts < $1 and next_attempt_at <= now()
       order by id limit $2`,
      [MAX_ATTEMPTS, BATCH],
    );
    let sent = 0;
    for (const row of due) {
      // Claiming the row first keeps two processes from sending the same mail.
      const claimed = await db.query(
        `update outbox set attempts = attempts + 1,
           next_attempt_at = now() + make_interval(secs => 30 * power(2, attempts))
         where id = $1 and attempts = $2 and sent_at is null returning id`,
        [row.id, row.attempts],
      );
      if (claimed.length === 0) continue;
      try {
        await transport({ to: row.recipient, subject: row.subject, body: row.body });
        await db.query("update outbox set sent_at = now(), last_error = null where id = $1", [
          row.id,
        ]);
        sent++;
      } catch (error) {
        log.warn("Mail delivery failed; it will be retried", { id: row.id, error });
        await db.query("update outbox set last_error = $2 where id = $1", [row.id, String(error)]);
      }
    }
    return sent;
  };

  const flush = () => running ??= deliverDue().finally(() => running = undefined);
  const timer = setInterval(() => {
    flush().catch((error) => log.error("Mailer failed", { error }));
  }, (options.pollSeconds ?? 5) * 1000);

  return {
    flush,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
