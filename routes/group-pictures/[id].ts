/**
 * A group's picture: GET serves it (its URL carries a version, so it is cached for good; an invite
 * link's page shows it to people not in the group yet); POST, from the group's info panel,
 * replaces it: admins and the owner, through the avatars' checks and rendering.
 */
import { AVATAR_MAX_BYTES, processAvatar } from "../../accounts/avatar.ts";
import { AccountError } from "../../accounts/errors.ts";
import { setGroupPicture } from "../../chats/groups.ts";
import { HttpError } from "../../framework/http_error.ts";
import type { Handlers, RouteConfig } from "../../framework/server.ts";
import { readForm } from "../../lib/forms.ts";
import { idParam, storedImage } from "../../lib/stored_image.ts";
import type { State } from "../../lib/state.ts";

// Room for a picture a little over the limit, so that the answer can say what is wrong with it.
export const config: RouteConfig = { bodyLimit: 2 * AVATAR_MAX_BYTES };

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const id = idParam(ctx.params.id);
    if (id === undefined) return ctx.renderNotFound();
    const [picture] = await ctx.state.services.db.query<{ mime: string; data: Uint8Array }>(
      "select mime, data from chat_pictures where chat_id = $1",
      [id],
    );
    return picture ? storedImage(picture) : ctx.renderNotFound();
  },

  async POST(req, ctx) {
    const { session, services, t } = ctx.state;
    const id = idParam(ctx.params.id);
    if (id === undefined) return ctx.renderNotFound();
    if (!session) return text(401, t("error.401.title"));
    try {
      const form = await readForm(req, ctx);
      const file = form.get("picture");
      if (!(file instanceof File) || file.size === 0) {
        throw new AccountError(415, "avatar.type", "picture");
      }
      const jpeg = await processAvatar(new Uint8Array(await file.arrayBuffer()), file.type);
      const facts = await setGroupPicture(services.db, session.userId, id, jpeg);
      return Response.json(facts);
    } catch (error) {
      if (error instanceof AccountError) return text(error.status, t(`error.${error.code}`));
      if (error instanceof HttpError && error.status < 500) {
        return text(error.status, error.message);
      }
      throw error;
    }
  },
};

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
