/** The mails accounts send, in the recipient's language, queued in the outbox. */
import type { Queryable } from "../db/mod.ts";
import { type Lang, translator } from "../i18n/mod.ts";
import { enqueueMail } from "../mail/outbox.ts";

export type AccountMail = "confirm" | "reset" | "changeEmail";

const PATHS: Record<AccountMail, string> = {
  confirm: "/confirm",
  reset: "/reset",
  changeEmail: "/confirm-email",
};

/** Queues the mail carrying a link with `token`, addressed to `to`. */
export async function queueLinkMail(
  db: Queryable,
  mail: {
    kind: AccountMail;
    to: string;
    username: string;
    lang: Lang;
    origin: string;
    token: string;
  },
): Promise<void> {
  const t = translator(mail.lang);
  const link = `${mail.origin}${PATHS[mail.kind]}?token=${encodeURIComponent(mail.token)}`;
  await enqueueMail(db, {
    to: mail.to,
    subject: t(`mail.${mail.kind}.subject`),
    body: t(`mail.${mail.kind}.body`, { username: mail.username, link }),
  });
}
