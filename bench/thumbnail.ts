/** How long a camera photo's thumbnail takes, in a worker as the server makes it. */
import { Jimp } from "jimp";
import { thumbnailOf } from "../files/thumbnails.ts";
import { median } from "./stats.ts";

/** A photo-like JPEG of `width` × `height`: noise, which compresses as little as a photo does. */
async function photo(width: number, height: number): Promise<Uint8Array> {
  const image = new Jimp({ width, height, color: 0x3366ccff });
  for (let x = 0; x < width; x += 7) {
    for (let y = 0; y < height; y += 5) {
      image.setPixelColor((((x * 2654435761 + y * 40503) >>> 8) * 256 + 255) >>> 0, x, y);
    }
  }
  return new Uint8Array(await image.getBuffer("image/jpeg", { quality: 90 }));
}

/** A 4000 × 3000 photo (12 megapixels) unless told otherwise; the median of `rounds`. */
export async function thumbnailSpeed(
  rounds: number,
  size = { width: 4000, height: 3000 },
): Promise<{ ms: number; bytes: number }> {
  const jpeg = await photo(size.width, size.height);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    if (!await thumbnailOf(jpeg, size)) throw new Error("no thumbnail");
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes: jpeg.byteLength };
}
