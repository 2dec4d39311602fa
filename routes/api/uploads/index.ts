/**
 * POST /api/uploads `{ name, size }`: declares an upload; answers it with its id and offset 0.
 * Its bytes then go by PATCH to /api/uploads/:id (see there).
 */
import * as v from "valibot";
import { createUpload } from "../../../files/uploads.ts";
import { HttpError } from "../../../framework/http_error.ts";
import type { Handlers } from "../../../framework/server.ts";
import { apiUser } from "../../../lib/api_user.ts";
import type { State } from "../../../lib/state.ts";

const Declared = v.object({
  name: v.pipe(v.string(), v.maxLength(1000)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
});

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const userId = await apiUser(req, ctx);
    const declared = v.safeParse(Declared, await req.json().catch(() => undefined));
    if (!declared.success) {
      throw new HttpError(422, `Send { name, size }: ${declared.issues[0].message}`);
    }
    const { config, db } = ctx.state.services;
    const upload = await createUpload(
      db,
      { maxBytes: config.maxUploadBytes, quotaBytes: config.userQuotaBytes },
      userId,
      declared.output,
    );
    return Response.json({ upload }, { status: 201 });
  },
};
