/**
 * GET /files/:id: an attached file (`?thumb`: a photo's thumbnail), for those who may read it
 * (`files/access.ts`), whole or a
 * range (206), so that videos seek at once. Pictures, videos and audio of the types browsers play
 * are shown inline; anything else is a download. Either way the response is inert: no sniffing,
 * and a sandbox policy, should its bytes be a page.
 */
// @ts-types="@types/range-parser"
import parseRange from "range-parser";
import { fileFor } from "../../files/access.ts";
import { contentDisposition } from "../../files/file_name.ts";
import type { Handlers } from "../../framework/server.ts";
import { apiUser } from "../../lib/api_user.ts";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  async GET(req, ctx) {
    const userId = await apiUser(req, ctx).catch(() => undefined);
    const found = userId && await fileFor(ctx.state.services.db, userId, ctx.params.id);
    if (!found) return ctx.renderNotFound();
    // `?thumb`: a photo's thumbnail, a JPEG of its own.
    const thumb = ctx.url.searchParams.has("thumb");
    if (thumb && !found.thumb_sha256) return ctx.renderNotFound();
    const file = thumb
      ? { ...found, sha256: found.thumb_sha256!, mime: "image/jpeg", size: found.thumb_size! }
      : found;
    const inline = file.kind !== "file";
    const etag = `"${file.sha256}"`;
    const headers: Record<string, string> = {
      "content-type": inline ? file.mime : "application/octet-stream",
      "content-disposition": contentDisposition(inline ? "inline" : "attachment", file.name),
      "content-security-policy": "default-src 'none'; sandbox",
      // A file's id names its bytes for good; only its readers' browsers may keep it.
      "cache-control": "private, max-age=31536000, immutable",
      "accept-ranges": "bytes",
      etag,
    };
    if (req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    const ranges = req.headers.has("range")
      ? parseRange(file.size, req.headers.get("range")!, { combine: true })
      : -2;
    if (ranges === -1) {
      return new Response(null, {
        status: 416,
        headers: { ...headers, "content-range": `bytes */${file.size}` },
      });
    }
    const { files } = ctx.state.services;
    // One range is answered as asked; several, or a malformed header, get the whole file.
    if (Array.isArray(ranges) && ranges.length === 1) {
      const [range] = ranges;
      const body = req.method === "HEAD" ? null : await files.read(file.sha256, range);
      return new Response(body, {
        status: 206,
        headers: {
          ...headers,
          "content-range": `bytes ${range.start}-${range.end}/${file.size}`,
          "content-length": String(range.end - range.start + 1),
        },
      });
    }
    const body = req.method === "HEAD" ? null : await files.read(file.sha256);
    return new Response(body, { headers: { ...headers, "content-length": String(file.size) } });
  },
};
