/**
 * Avatars: an uploaded image is checked here — its declared type, its size, and the pixels its
 * header declares — then cropped to a centred square, scaled to 256 px and encoded as JPEG in a
 * worker of its own (`avatar_render.ts`). What is not an image is refused.
 */
import { imageSize } from "image-size";
import { AccountError } from "./errors.ts";
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
  const jpeg = await renderApart(bytes);
  if (!jpeg) throw new AccountError(415, "avatar.type", "avatar");
  return jpeg;
}

/**
 * Renders in a worker started for this image and stopped after it: decoding a photo takes a few
 * hundred milliseconds, which on the server's thread would stall every socket. Where workers
 * cannot be started, renders here. Resolves to undefined for what does not decode.
 */
async function renderApart(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(new URL("./avatar_worker.ts", import.meta.url), { type: "module" });
  } catch {
    return await renderAvatar(bytes).catch(() => undefined);
  }
  const { promise, resolve, reject } = Promise.withResolvers<Uint8Array | undefined>();
  const timer = setTimeout(
    () => reject(new Error("Rendering an avatar timed out")),
    RENDER_TIMEOUT_MS,
  );
  worker.onmessage = ({ data }: MessageEvent<{ jpeg?: Uint8Array }>) => resolve(data.jpeg);
  worker.onerror = (event) => {
    event.preventDefault();
    reject(event.error ?? new Error(event.message));
  };
  try {
    worker.postMessage(bytes);
    return await promise;
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}
