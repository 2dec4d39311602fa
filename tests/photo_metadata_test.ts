/**
 * AVIF and WebP photos lose their EXIF and XMP while streaming, keep their length, and Chromium
 * still shows them. (JPEG and PNG: `files/strip_metadata_test.ts`.)
 */
import assert from "node:assert/strict";
import { avifMetadataBlanks } from "../files/avif_metadata.ts";
import { sniff } from "../files/sniff.ts";
import { stripMetadata } from "../files/strip_metadata.ts";
import {
  avifWithMetadata,
  PLAIN_AVIF,
  PLAIN_WEBP,
  webpWithMetadata,
} from "./helpers/photo_metadata.ts";
import { browserTest, launchBrowser } from "./helpers/browser.ts";

const latin1 = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

async function stripped(mime: string, bytes: Uint8Array): Promise<Uint8Array> {
  const transform = stripMetadata(mime, bytes);
  assert.ok(transform, "there is something to strip");
  // In pieces of 5 bytes, as a network delivers them.
  const pieces = Array.from(
    { length: Math.ceil(bytes.length / 5) },
    (_, i) => bytes.slice(i * 5, i * 5 + 5),
  );
  const out = ReadableStream.from(pieces).pipeThrough(transform);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

Deno.test("an AVIF loses its EXIF and XMP items' contents, and keeps its length", async () => {
  const marked = await avifWithMetadata("GPS 55.75N SECRET", "<exif:GPS>SECRET-XMP</exif:GPS>");
  assert.ok(latin1(marked).includes("SECRET"));
  assert.equal((await sniff(marked)).kind, "image");
  const clean = await stripped("image/avif", marked);
  assert.equal(latin1(clean).includes("SECRET"), false, "nothing of it is left");
  assert.equal(clean.length, marked.length, "every offset in it stays true");
  assert.ok(latin1(clean).includes("MM\0*"), "the EXIF item still parses, with no tags");
  assert.equal(avifMetadataBlanks(await Deno.readFile(PLAIN_AVIF))?.length, 0, "none without");
});

Deno.test("an AVIF whose metadata cannot be found is a file, not a photo", async () => {
  const broken = (await avifWithMetadata("SECRET", "SECRET")).slice();
  // The meta box claims to run past the end of the file.
  new DataView(broken.buffer).setUint32(32, 0x7fffffff);
  assert.equal(avifMetadataBlanks(broken), undefined);
  assert.equal((await sniff(broken)).kind, "file");
});

Deno.test("a WebP's EXIF and XMP chunks become JUNK, and their flags go", async () => {
  const marked = await webpWithMetadata("GPS SECRET", "SECRET-XMP");
  assert.equal((await sniff(marked)).kind, "image");
  const clean = await stripped("image/webp", marked);
  assert.equal(latin1(clean).includes("SECRET"), false, "nothing of it is left");
  assert.equal(clean.length, marked.length, "the length it states stays true");
  assert.equal(latin1(clean).match(/JUNK/g)?.length, 2);
  assert.equal(clean[20] & 0x0c, 0, "no flags announce what is gone");
  const plain = await Deno.readFile(PLAIN_WEBP);
  assert.deepEqual(await stripped("image/webp", plain), plain, "a file without is untouched");
});

browserTest("Chromium shows AVIF and WebP photos after their metadata is blanked", async () => {
  await using browser = await launchBrowser();
  const page = await browser.newPage();
  const sizeOf = (mime: string, bytes: Uint8Array) =>
    page.evaluate(async ([mime, base64]) => {
      const image = new Image();
      image.src = `data:${mime};base64,${base64}`;
      await image.decode().catch(() => {});
      return [image.naturalWidth, image.naturalHeight];
    }, [mime, btoa(String.fromCharCode(...bytes))]);
  const files = {
    "image/avif": await avifWithMetadata("GPS SECRET", "<exif:GPS>SECRET</exif:GPS>"),
    "image/webp": await webpWithMetadata("GPS SECRET", "SECRET"),
  };
  for (const [mime, marked] of Object.entries(files)) {
    assert.deepEqual(await sizeOf(mime, marked), [64, 48], `the rebuilt ${mime} is a picture`);
    const clean = await stripped(mime, marked);
    assert.deepEqual(await sizeOf(mime, clean), [64, 48], `and so is the stripped one`);
    const ruined = marked.slice().fill(0, 60);
    assert.deepEqual(await sizeOf(mime, ruined), [0, 0], "a ruined file would show nothing");
  }
});
