/**
 * One upload, for its uploader:
 * - PATCH with `Upload-Offset: <n>` and bytes: appends them from byte n, which must be where the
 *   upload stands (409 otherwise, with the offset); answers the upload, complete once its last byte
 *   came (then with its kind and type). A part that broke off is kept: HEAD tells where to resume.
 * - HEAD or GET: `Upload-Offset` and `Upload-Length`; GET also the upload as JSON.
 * - DELETE: cancels an upload not yet sent.
 */
import { appendToUpload, deleteUpload, ownUpload } from "../../../files/uploads.ts";
import { HttpError } from "../../../framework/http_error.ts";
import type { FreshContext, Handlers, RouteConfig } from "../../../framework/server.ts";
import { apiUser } from "../../../lib/api_user.ts";
import type { State } from "../../../lib/state.ts";

// The handler reads no more than what is left of the declared size, itself bounded by
// MAX_UPLOAD_BYTES: the framework's body limit would stop a whole file sent in one request.
export const config: RouteConfig = { bodyLimit: Number.MAX_SAFE_INTEGER };

export const handler: Handlers<unknown, State> = {
  async PATCH(req, ctx) {
    try {
      return await appendPart(req, ctx);
    } catch (error) {
      // A refused part is not read: its connection is not left holding the rest of it.
      await req.body?.cancel().catch(() => {});
      throw error;
    }
  },

  // HEAD is answered by GET, without the body.
  async GET(req, ctx) {
    const userId = await apiUser(req, ctx);
    const upload = await ownUpload(ctx.state.services.db, userId, ctx.params.id);
    return Response.json({ upload }, {
      headers: { "upload-offset": String(upload.offset), "upload-length": String(upload.size) },
    });
  },

  async DELETE(req, ctx) {
    const userId = await apiUser(req, ctx);
    const { db, files } = ctx.state.services;
    await deleteUpload(db, files, userId, ctx.params.id);
    return new Response(null, { status: 204 });
  },
};

async function appendPart(req: Request, ctx: FreshContext<State>): Promise<Response> {
  const userId = await apiUser(req, ctx);
  const offset = Number(req.headers.get("upload-offset") ?? NaN);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new HttpError(422, "Upload-Offset must name the byte the part starts at");
  }
  const { db, files } = ctx.state.services;
  const before = await ownUpload(db, userId, ctx.params.id);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > before.size - offset) {
    throw new HttpError(413, "The part goes past the upload's declared size");
  }
  const upload = await appendToUpload(
    db,
    files,
    userId,
    ctx.params.id,
    offset,
    req.body ?? new ReadableStream({ start: (c) => c.close() }),
  );
  return Response.json({ upload }, { headers: { "upload-offset": String(upload.offset) } });
}
