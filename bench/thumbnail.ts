/** How long a 12-megapixel JPEG's thumbnail takes, in a worker as the server makes it. */
import { Jimp } from "jimp";
import { thumbnailOf } from "../files/thumbnails.ts";
import { median } from "./stats.ts";

/** A photo-like 4000 × 3000 JPEG: noise, which compresses as little as a photo does. */
async function photo(): Promise<Uint8Array> {
  const image = new Jimp({ width: 4000, height: 3000, color: 0x3366ccff });
  for (let x = 0; x < 4000; x += 7) {
    for (let y = 0; y < 3000; y += 5) {
      image.setPixelColor((((x * 2654435761 + y * 40503) >>> 8) * 256 + 255) >>> 0, x, y);
    }
  }
  return new Uint8Array(await image.getBuffer("image/jpeg", { quality: 90 }));
}

export async function thumbnailSpeed(rounds: number): Promise<{ ms: number; bytes: number }> {
  const jpeg = await photo();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    if (!await thumbnailOf(jpeg, { width: 4000, height: 3000 })) throw new Error("no thumbnail");
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes: jpeg.byteLength };
}
