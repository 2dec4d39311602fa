/**
 * Reported messages, each with the messages around it and who reported it why; an admin deletes
 * it, warns or suspends its sender, or leaves it.
 */
import {
  openReports,
  type Outcome,
  type ReportedMessage,
  resolveReports,
} from "../../admin/reports.ts";
import { AdminError } from "../../admin/errors.ts";
import { HttpError, type PageProps } from "../../framework/server.ts";
import { type ClockSettings, makeClock } from "../../lib/client/time.ts";
import { field, readForm, seeOther } from "../../lib/forms.ts";
import { clockOf } from "../../lib/prefs.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { withRole } from "../../lib/staff.ts";
import { AdminPage } from "../../components/admin/AdminPage.tsx";
import { Csrf, FormAlert } from "../../components/Form.tsx";

const OUTCOMES: Outcome[] = ["deleted", "warned", "suspended", "dismissed"];

interface Data {
  reported: ReportedMessage[];
  clock: ClockSettings;
  done: boolean;
  error?: string;
}

export const handler = withRole<Data>("admin", {
  async GET(req, ctx) {
    return ctx.render({
      reported: await openReports(ctx.state.services.db),
      clock: clockOf(req, ctx.state.lang),
      done: new URL(req.url).searchParams.has("done"),
    });
  },
  async POST(req, ctx) {
    const form = await readForm(req, ctx);
    const outcome = field(form, "outcome") as Outcome;
    if (!OUTCOMES.includes(outcome)) throw new HttpError(400, "No such outcome");
    try {
      await resolveReports(
        ctx.state.services.accounts,
        ctx.state.user.id,
        Number(field(form, "messageId")),
        outcome,
        field(form, "reason"),
      );
      return seeOther("/admin/reports?done");
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500 || error.status === 404) throw error;
      const message = error instanceof AdminError
        ? ctx.state.t(`admin.error.${error.code}`)
        : error.message;
      return ctx.render({
        reported: await openReports(ctx.state.services.db),
        clock: clockOf(req, ctx.state.lang),
        done: false,
        error: message,
      }, { status: error.status });
    }
  },
});

export default function Reports({ data, state }: PageProps<Data, SignedInState>) {
  const { t, csrf } = state;
  const clock = makeClock(data.clock);
  return (
    <AdminPage state={state} section="reports" title={t("admin.nav.reports")}>
      {data.done && <FormAlert kind="ok">{t("admin.done.report")}</FormAlert>}
      {data.error && <FormAlert>{data.error}</FormAlert>}
      {data.reported.length === 0 && <p>{t("admin.reports.none")}</p>}
      {data.reported.map((item) => (
        <article key={item.messageId} class="report-case">
          <h2>
            {item.chatTitle
              ? t("admin.reports.inGroup", { title: item.chatTitle })
              : t("admin.reports.inPersonal")}
          </h2>
          <ul class="reporters">
            {item.reports.map((report, index) => (
              <li key={index}>
                {t("admin.reports.by", {
                  who: report.reporter ?? "—",
                  reason: t(`admin.reports.reason.${report.reason}`),
                })}
                {report.note && <q>{report.note}</q>}
              </li>
            ))}
          </ul>
          <ol class="report-context">
            {item.context.map((message) => (
              <li key={message.id} class={message.id === item.messageId ? "reported" : undefined}>
                <span class="who">{message.sender ?? "—"}</span>{" "}
                <time>{clock.momentOf(message.createdAt.toISOString())}</time>
                <p class="body">
                  {message.type === "text" ? message.content : `[${message.type}]`}
                </p>
              </li>
            ))}
          </ol>
          <form method="post" class="admin-action">
            <Csrf token={csrf} />
            <input type="hidden" name="messageId" value={item.messageId} />
            <label for={`reason-${item.messageId}`}>{t("admin.reports.reasonLabel")}</label>
            <textarea id={`reason-${item.messageId}`} name="reason" maxLength={500} rows={2} />
            <div class="buttons">
              <button type="submit" name="outcome" value="deleted">
                {t("admin.reports.delete")}
              </button>
              <button type="submit" name="outcome" value="warned">{t("admin.reports.warn")}</button>
              {item.senderId !== null && (
                <button type="submit" name="outcome" value="suspended" class="danger">
                  {t("admin.reports.suspend")}
                </button>
              )}
              <button type="submit" name="outcome" value="dismissed" class="link">
                {t("admin.reports.dismiss")}
              </button>
            </div>
          </form>
        </article>
      ))}
    </AdminPage>
  );
}
