/** Canned replies: answers support gives often, kept to start a ticket's answer from. */
import { HttpError } from "../../framework/http_error.ts";
import type { PageProps } from "../../framework/server.ts";
import { field, readForm, seeOther } from "../../lib/forms.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { withRole } from "../../lib/staff.ts";
import { TicketError } from "../../support/errors.ts";
import {
  addCannedReply,
  cannedReplies,
  type CannedReply,
  removeCannedReply,
} from "../../support/staff_desk.ts";
import { AdminPage } from "../../components/admin/AdminPage.tsx";
import { Csrf, FormAlert } from "../../components/Form.tsx";

interface Data {
  replies: CannedReply[];
  error?: TicketError;
}

export const handler = withRole<Data>("support", {
  async GET(_req, ctx) {
    return ctx.render({ replies: await cannedReplies(ctx.state.services.db) });
  },
  async POST(req, ctx) {
    const { db } = ctx.state.services;
    const form = await readForm(req, ctx);
    try {
      const action = field(form, "action");
      if (action === "add") {
        await addCannedReply(db, ctx.state.user.id, {
          title: field(form, "title"),
          body: field(form, "body"),
        });
      } else if (action === "remove") {
        await removeCannedReply(db, ctx.state.user.id, Number(field(form, "id")));
      } else {
        throw new HttpError(400, "No such action");
      }
      return seeOther("/admin/canned");
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      return ctx.render({ replies: await cannedReplies(db), error }, { status: error.status });
    }
  },
});

export default function Canned({ data, state }: PageProps<Data, SignedInState>) {
  const { t, csrf } = state;
  return (
    <AdminPage state={state} section="canned" title={t("admin.canned.title")}>
      {data.error && <FormAlert>{t(`ticket.error.${data.error.code}`)}</FormAlert>}
      {data.replies.length === 0 ? <p>{t("admin.canned.none")}</p> : (
        <ul class="canned-list">
          {data.replies.map((reply) => (
            <li key={reply.id}>
              <strong>{reply.title}</strong>
              <p class="body">{reply.body}</p>
              <form method="post">
                <Csrf token={csrf} />
                <input type="hidden" name="action" value="remove" />
                <input type="hidden" name="id" value={reply.id} />
                <button type="submit" class="link">{t("admin.canned.remove")}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" class="admin-action">
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="add" />
        <label for="canned-title">{t("admin.canned.name")}</label>
        <input id="canned-title" name="title" required maxLength={200} />
        <label for="canned-body">{t("admin.canned.body")}</label>
        <textarea id="canned-body" name="body" required maxLength={10_000} rows={4} />
        <button type="submit">{t("admin.canned.add")}</button>
      </form>
    </AdminPage>
  );
}
