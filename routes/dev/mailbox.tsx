/** GET /dev/mailbox: the mail the server sent, readable in development mode only. */
import { HttpError } from "../../framework/http_error.ts";
import { Head } from "../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../framework/server.ts";
import { type OutboxRow, recentMail } from "../../mail/outbox.ts";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<OutboxRow[], State> = {
  async GET(req, ctx) {
    const { config, db } = ctx.state.services;
    if (config.env !== "development") throw new HttpError(404);
    const to = new URL(req.url).searchParams.get("to") ?? undefined;
    return ctx.render(await recentMail(db, 50, to), { headers: { "cache-control": "no-store" } });
  },
};

/** Turns the links of a plain-text mail into anchors, everything else stays text. */
function linkified(body: string) {
  return body.split(/(https?:\/\/\S+)/).map((part, i) =>
    i % 2 === 1 ? <a key={i} href={part}>{part}</a> : part
  );
}

export default function Mailbox({ data: mails, state: { t } }: PageProps<OutboxRow[], State>) {
  return (
    <section class="mailbox">
      <Head>
        <title>{t("mailbox.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("mailbox.title")}</h1>
      <p class="lead">{t("mailbox.lead")}</p>
      {mails.length === 0 && <p>{t("mailbox.empty")}</p>}
      {mails.map((mail) => (
        <article key={mail.id} class="mail" data-to={mail.to}>
          <header>
            <strong>{mail.subject}</strong>
            <span class="muted">
              {t("mailbox.to")}: {mail.to} · <time>{mail.createdAt.toISOString()}</time>
            </span>
          </header>
          <pre>{linkified(mail.body)}</pre>
        </article>
      ))}
    </section>
  );
}
