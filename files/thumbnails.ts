/**
 * Thumbnails of photos, made in workers: decoding a photo takes up to seconds and hundreds of
 * megabytes, so a couple run at once, a few wait (503 beyond), and one that takes too long has met
 * a pathological picture and is stopped. A photo too large to decode safely gets none, and is shown
 * from the file itself.
 */
import { WorkerPool } from "../lib/worker_pool.ts";
import { renderThumbnail, type Thumbnail } from "./thumbnail_render.ts";

export type { Thumbnail } from "./thumbnail_render.ts";

/** Photos are decoded for a thumbnail up to this many pixels, and this many bytes. */
export const THUMBNAIL_MAX_PIXELS = 40_000_000;
export const THUMBNAIL_MAX_BYTES = 40 * 1024 * 1024;

const pool = new WorkerPool<Uint8Array, Thumbnail | undefined>(
  new URL("./thumbnail_worker.ts", import.meta.url),
  { what: "thumbnails being made", concurrency: 2, queue: 8, timeoutMs: 20_000 },
  (bytes) => renderThumbnail(bytes).catch(() => undefined),
);

/** The thumbnail of a photo, or undefined for one that does not decode or is too large. */
export async function thumbnailOf(
  bytes: Uint8Array,
  photo: { width: number; height: number },
): Promise<Thumbnail | undefined> {
  if (photo.width * photo.height > THUMBNAIL_MAX_PIXELS) return undefined;
  if (bytes.byteLength > THUMBNAIL_MAX_BYTES) return undefined;
  return await pool.run(bytes).catch(() => undefined);
}
