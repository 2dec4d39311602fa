/**
 * The pixel work of an avatar: decode, crop to a centred square, scale, flatten, encode as JPEG.
 * It runs in a worker (`avatar_worker.ts`) so that a large photo does not stall the server's
 * thread; the image has been checked (type, bytes, pixels) before it gets here.
 *
 * jimp is plain JavaScript: no native code and no WebAssembly to load, so avatars work wherever
 * Deno runs, with the permissions of `deno task start`, in a compiled binary and on Deno Deploy.
 */
import { Jimp } from "jimp";

const AVATAR_SIZE = 256;

/** The square JPEG for an image; rejects what does not decode. */
export async function renderAvatar(bytes: Uint8Array): Promise<Uint8Array> {
  // A GIF decodes to its first frame.
  const image = await Jimp.fromBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  image.cover({ w: AVATAR_SIZE, h: AVATAR_SIZE });
  // JPEG has no transparency: flatten onto white rather than black.
  const flat = new Jimp({ width: AVATAR_SIZE, height: AVATAR_SIZE, color: 0xffffffff })
    .composite(image, 0, 0);
  return new Uint8Array(await flat.getBuffer("image/jpeg", { quality: 85 }));
}
