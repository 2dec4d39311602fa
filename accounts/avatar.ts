/**
 * Avatars: an uploaded image is decoded, cropped to a centred square and scaled to 256 px by
 * imagescript (WebAssembly), then stored as JPEG. What is not an image is refused.
 */
import { decode, Image } from "imagescript";
import { AccountError } from "./errors.ts";

/** Uploads larger than this are refused before decoding. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 256;
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/gif"];

/** The square JPEG to store for an uploaded image. */
export async function processAvatar(bytes: Uint8Array, type: string): Promise<Uint8Array> {
  if (!AVATAR_TYPES.includes(type)) throw new AccountError(415, "avatar.type", "avatar");
  if (bytes.length > AVATAR_MAX_BYTES) throw new AccountError(413, "avatar.size", "avatar");
  let image: Image;
  try {
    const decoded = await decode(bytes, true);
    // A GIF decodes to its frames; the first one is the picture.
    image = decoded instanceof Image ? decoded : (decoded as unknown as Image[])[0];
    if (!(image instanceof Image)) throw new TypeError("not a still image");
  } catch {
    throw new AccountError(415, "avatar.type", "avatar");
  }
  const side = Math.min(image.width, image.height);
  const square = image.crop(
    Math.floor((image.width - side) / 2),
    Math.floor((image.height - side) / 2),
    side,
    side,
  );
  if (side !== AVATAR_SIZE) square.resize(AVATAR_SIZE, AVATAR_SIZE);
  // JPEG has no transparency: flatten onto white rather than black.
  const flat = new Image(AVATAR_SIZE, AVATAR_SIZE).fill(0xffffffff).composite(square, 0, 0);
  return await flat.encodeJPEG(85);
}
