/**
 * Avatars: an uploaded image is decoded, cropped to a centred square and scaled to 256 px by jimp,
 * then stored as JPEG. What is not an image is refused, and so is one too large to decode safely.
 *
 * jimp is plain JavaScript: no native code and no WebAssembly to load, so avatars work wherever
 * Deno runs, with the permissions of `deno task start`, in a compiled binary and on Deno Deploy.
 */
import { imageSize } from "image-size";
import { Jimp } from "jimp";
import { AccountError } from "./errors.ts";

/** Uploads larger than this are refused before decoding. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/**
 * Images with more pixels than this are refused before decoding: a few megabytes of a plain
 * colour can declare a picture that would take gigabytes of memory once decoded.
 */
export const AVATAR_MAX_PIXELS = 40_000_000;
export const AVATAR_SIZE = 256;
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/gif"];

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
  // A GIF decodes to its first frame.
  const image = await Jimp.fromBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  ).catch(() => {
    throw new AccountError(415, "avatar.type", "avatar");
  });
  image.cover({ w: AVATAR_SIZE, h: AVATAR_SIZE });
  // JPEG has no transparency: flatten onto white rather than black.
  const flat = new Jimp({ width: AVATAR_SIZE, height: AVATAR_SIZE, color: 0xffffffff })
    .composite(image, 0, 0);
  return new Uint8Array(await flat.getBuffer("image/jpeg", { quality: 85 }));
}
