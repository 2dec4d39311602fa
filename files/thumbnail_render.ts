/**
 * The pixel work of a photo's thumbnail: decode, scale to fit THUMB_SIZE, encode as JPEG, and a
 * ThumbHash of it, a few dozen bytes that stand for the picture until it loads. It runs in a
 * worker (`thumbnail_worker.ts`); the photo's type and pixels were checked before. jimp is plain
 * JavaScript, so this works wherever Deno runs, Deno Deploy included.
 */
import { Jimp } from "jimp";
import { rgbaToThumbHash } from "thumbhash";

const THUMB_SIZE = 480;
/** ThumbHash takes pictures of at most 100 pixels a side. */
const HASH_SIZE = 100;

export interface Thumbnail {
  jpeg: Uint8Array;
  /** The ThumbHash, base64. */
  placeholder: string;
}

export async function renderThumbnail(bytes: Uint8Array): Promise<Thumbnail> {
  const image = await Jimp.fromBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  if (image.width > THUMB_SIZE || image.height > THUMB_SIZE) {
    image.scaleToFit({ w: THUMB_SIZE, h: THUMB_SIZE });
  }
  const small = image.clone().scaleToFit({ w: HASH_SIZE, h: HASH_SIZE });
  const hash = rgbaToThumbHash(small.width, small.height, small.bitmap.data);
  // JPEG has no transparency: flatten onto white rather than black.
  const flat = new Jimp({ width: image.width, height: image.height, color: 0xffffffff })
    .composite(image, 0, 0);
  return {
    jpeg: new Uint8Array(await flat.getBuffer("image/jpeg", { quality: 80 })),
    placeholder: btoa(String.fromCharCode(...hash)),
  };
}
