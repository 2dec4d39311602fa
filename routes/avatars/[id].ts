/** GET /avatars/:id: a user's avatar. Its URL carries a version, so it is cached for good. */
import type { Handlers } from "../../framework/server.ts";
import { idParam, storedImage } from "../../lib/stored_image.ts";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  async GET(_req, ctx) {
    const id = idParam(ctx.params.id);
    if (id === undefined) return ctx.renderNotFound();
    const [avatar] = await ctx.state.services.db.query<{ mime: string; data: Uint8Array }>(
      "select mime, data from avatars where user_id = $1",
      [id],
    );
    return avatar ? storedImage(avatar) : ctx.renderNotFound();
  },
};
