/**
 * An invite link: a signed-in visitor sees the group (picture, title, members) and a Join button,
 * or why the link no longer works; a signed-out one signs in first and comes back here.
 */
import { joinByLink, type LinkPreview, previewLink } from "../../chats/invite_links.ts";
import { HttpError } from "../../framework/http_error.ts";
import { Head } from "../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../framework/server.ts";
import { readForm, seeOther } from "../../lib/forms.ts";
import { signedIn } from "../../lib/signed_in.ts";
import { groupPictureUrl } from "../../lib/client/chat_items.ts";
import { counted } from "../../lib/client/plural.ts";
import type { State } from "../../lib/state.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { Csrf, FormAlert } from "../../components/Form.tsx";

interface Data {
  preview: LinkPreview;
  /** Joining was refused (the group is full, or the link ended meanwhile). */
  error?: string;
}

const CODE = /^[0-9a-f]{8,64}$/;

export const handler: Handlers<Data, State> = {
  async GET(req, ctx) {
    const { user, services } = ctx.state;
    const code = ctx.params.code;
    if (!user) return seeOther(`/?next=${encodeURIComponent(new URL(req.url).pathname)}`);
    const preview = CODE.test(code)
      ? await previewLink(services.db, user.id, code)
      : { state: "unknown" as const };
    return ctx.render({ preview }, {
      status: preview.state === "open" ? 200 : preview.state === "unknown" ? 404 : 410,
      headers: { "cache-control": "no-store" },
    });
  },
  ...signedIn<Data>({
    async POST(req, ctx) {
      const { user, services } = ctx.state;
      const code = ctx.params.code;
      await readForm(req, ctx);
      if (!CODE.test(code)) return ctx.renderNotFound();
      const limits = { maxMembers: services.config.groupMaxMembers };
      try {
        return seeOther(`/im/${await joinByLink(services.db, limits, user.id, code)}`);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status >= 500) throw error;
        const preview = await previewLink(services.db, user.id, code);
        return ctx.render({ preview, error: error.message }, { status: error.status });
      }
    },
  }),
};

export default function Join({ data, state }: PageProps<Data, State>) {
  const { t, csrf, lang } = state;
  const { preview } = data;
  return (
    <section class="auth join">
      <Head>
        <title>{t("join.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("join.title")}</h1>
      {data.error && <FormAlert>{data.error}</FormAlert>}
      {preview.state !== "open"
        ? <FormAlert>{t(`join.${preview.state}`)}</FormAlert>
        : (
          <div class="join-card">
            <Avatar name={preview.title} url={groupPictureUrl(preview)} size={96} />
            <strong class="group-name">{preview.title}</strong>
            <span>
              {counted(
                {
                  "members.one": t("im.members.one"),
                  "members.few": t("im.members.few"),
                  "members.many": t("im.members.many"),
                  "members.other": t("im.members.other"),
                },
                "members",
                preview.memberCount,
                lang,
              )}
            </span>
            {preview.member
              ? (
                <>
                  <p>{t("join.member")}</p>
                  <a class="button primary" href={`/im/${preview.chatId}`}>{t("join.open")}</a>
                </>
              )
              : (
                <form method="post" class="stack">
                  <Csrf token={csrf} />
                  <button type="submit" class="primary">{t("join.button")}</button>
                </form>
              )}
          </div>
        )}
    </section>
  );
}
