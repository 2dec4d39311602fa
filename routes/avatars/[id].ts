/** GET /avatars/:id: a user's avatar. Its URL carries a version, so it is cached for good. */
import type { Handlers } from "../../framework/server.ts";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return ctx.renderNotFound();
    const [avatar] = await ctx.state.services.db.query<{ mime: string; data: Uint8Array }>(
      "select mime, data from avatars where user_id = $1",
      [id],
    );
    if (!avatar) return ctx.renderNotFound();
    return new Response(avatar.data as BodyInit, {
      headers: {
        "content-type": avatar.mime,
        "cache-control": "public, max-age=31536000, immutable",
      },
    });
  },
};
