/**
 * Avatars: an uploaded image is checked here — its declared type, its size, and the pixels its
 * header declares — then cropped to a centred square, scaled to 256 px and encoded as JPEG in a
 * worker (`avatar_render.ts`). What is not an image is refused.
 */
import { imageSize } from "image-size";
import { AccountError } from "./errors.ts";
import { WorkerPool } from "../lib/worker_pool.ts";
import { renderAvatar } from "./avatar_render.ts";

/** Uploads larger than this are refused before decoding. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/**
 * Images with more pixels than this are refused before decoding: a few megabytes of a plain
 * colour can declare a picture that would take gigabytes of memory once decoded.
 */
export const AVATAR_MAX_PIXELS = 40_000_000;
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/gif"];
/** A render that takes longer than this has met a pathological image; it is stopped. */
const RENDER_TIMEOUT_MS = 20_000;
/** Renders at once, and renders waiting for a place. */
export const RENDERING = { concurrency: 2, queue: 4 };

/** The square JPEG to store for an uploaded image. */
export async function processAvatar(bytes: Uint8Array, type: string): Promise<Uint8Array> {
  if (!AVATAR_TYPES.includes(type)) throw new AccountError(415, "avatar.type", "avatar");
  if (bytes.length > AVATAR_MAX_BYTES) throw new AccountError(413, "avatar.size", "avatar");
  let width: number, height: number;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    throw new AccountError(415, "avatar.type", "avatar");
  }
  if (width * height > AVATAR_MAX_PIXELS) {
    throw new AccountError(413, "avatar.pixels", "avatar");
  }
  const jpeg = await renders.run(bytes);
  if (!jpeg) throw new AccountError(415, "avatar.type", "avatar");
  return jpeg;
}

/**
 * Decoding a photo takes a few hundred milliseconds and hundreds of megabytes: renders run in
 * workers, a couple at once with a short queue (503 beyond it), and one that takes too long has met
 * a pathological image and is stopped. Resolves to undefined for what does not decode.
 */
const renders = new WorkerPool<Uint8Array, Uint8Array | undefined>(
  new URL("./avatar_worker.ts", import.meta.url),
  { what: "pictures being processed", ...RENDERING, timeoutMs: RENDER_TIMEOUT_MS },
  (bytes) => renderAvatar(bytes).catch(() => undefined),
);
