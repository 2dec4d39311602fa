/** Pictures kept in the database (avatars, group pictures), served by id under a versioned URL. */
import { IMMUTABLE } from "../framework/static_files.ts";

/** The picture's response; its URL carries a version, so it is cached for good. */
export function storedImage(picture: { mime: string; data: Uint8Array }): Response {
  return new Response(picture.data as BodyInit, {
    headers: { "content-type": picture.mime, "cache-control": IMMUTABLE },
  });
}

/** A positive id from a route's parameter, undefined otherwise. */
export function idParam(param: string): number | undefined {
  const id = Number(param);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
