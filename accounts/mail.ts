/** The mails accounts send, in the recipient's language, queued in the outbox. */
import type { Queryable } from "../db/mod.ts";
import { type Lang, translator } from "../i18n/mod.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { createLink, type LinkPurpose } from "./links.ts";

/** The mail of each kind of link: its i18n key and the page the link opens. */
const MAILS: Record<
  LinkPurpose,
  { key: "confirm" | "reset" | "changeEmail" | "signin"; path: string }
> = {
  confirm: { key: "confirm", path: "/confirm" },
  reset: { key: "reset", path: "/reset" },
  change_email: { key: "changeEmail", path: "/confirm-email" },
  signin: { key: "signin", path: "/signin" },
};

/**
 * Creates a one-time link of `purpose` for the account, ending its earlier ones, and queues the
 * mail carrying it to `email`, in the account's language.
 */
export async function mailLink(
  db: Queryable,
  link: {
    purpose: LinkPurpose;
    userId: number;
    email: string;
    username: string;
    lang: Lang;
    origin: string;
    now: Date;
  },
): Promise<void> {
  const token = await createLink(db, link);
  const { key, path } = MAILS[link.purpose];
  const t = translator(link.lang);
  const url = `${link.origin}${path}?token=${encodeURIComponent(token)}`;
  await enqueueMail(db, {
    to: link.email,
    subject: t(`mail.${key}.subject`),
    body: t(`mail.${key}.body`, { username: link.username, link: url }),
  });
}

/** Tells the owner of an account that its password is being guessed. */
export async function mailGuessWarning(
  db: Queryable,
  owner: { email: string; username: string; lang: Lang },
): Promise<void> {
  const t = translator(owner.lang);
  await enqueueMail(db, {
    to: owner.email,
    subject: t("mail.guessed.subject"),
    body: t("mail.guessed.body", { username: owner.username }),
  });
}

/** Tells the owner of `email` that someone tried to register a new account with it. */
export async function mailRegistrationAttempt(
  db: Queryable,
  email: string,
  origin: string,
): Promise<void> {
  const [owner] = await db.query<{ email: string; username: string; lang: Lang }>(
    "select email, username, lang from users where lower(email) = lower($1)",
    [email],
  );
  if (!owner) return;
  const t = translator(owner.lang);
  await enqueueMail(db, {
    to: owner.email,
    subject: t("mail.registerTaken.subject"),
    body: t("mail.registerTaken.body", { username: owner.username, link: `${origin}/recover` }),
  });
}
