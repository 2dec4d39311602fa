import assert from "node:assert/strict";
import { imageSize } from "image-size";
import { Jimp } from "jimp";
import { jpegWithMetadata } from "../tests/helpers/uploads.ts";
import { stripMetadata } from "./strip_metadata.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** Streams `bytes` through `transform` in small pieces, as a network would deliver them. */
async function through(transform: TransformStream<Uint8Array, Uint8Array>, bytes: Uint8Array) {
  const pieces = Array.from(
    { length: Math.ceil(bytes.length / 7) },
    (_, i) => bytes.slice(i * 7, i * 7 + 7),
  );
  const out = ReadableStream.from(pieces).pipeThrough(transform);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

const contains = (haystack: Uint8Array, needle: string) =>
  new TextDecoder("latin1").decode(haystack).includes(needle);

Deno.test("a JPEG loses its EXIF, XMP, IPTC and comments, and keeps its orientation", async () => {
  const marked = await jpegWithMetadata(40, 20, 6);
  assert.ok(contains(marked, "SECRET"));
  const stripped = await through(stripMetadata("image/jpeg", marked, 6)!, marked);
  assert.equal(contains(stripped, "SECRET"), false, "nothing of it is left");
  assert.equal(imageSize(stripped).orientation, 6, "still shown upright");
  const decoded = await Jimp.read(stripped.buffer as ArrayBuffer);
  // A decoder reads it, turned as its orientation says.
  assert.deepEqual([decoded.width, decoded.height], [20, 40], "still a picture");
  const upright = await through(stripMetadata("image/jpeg", marked, 1)!, marked);
  assert.equal(imageSize(upright).orientation, undefined, "no EXIF at all when none is needed");
});

Deno.test("a PNG loses its text, time and EXIF chunks", async () => {
  const plain = new Uint8Array(
    await new Jimp({ width: 8, height: 8, color: 0x336699ff }).getBuffer("image/png"),
  );
  const chunk = (type: string, data: Uint8Array) => {
    const header = new Uint8Array(8);
    new DataView(header.buffer).setUint32(0, data.length);
    header.set(text(type), 4);
    return new Uint8Array([...header, ...data, 0, 0, 0, 0]);
  };
  // After the signature and IHDR (8 + 25 bytes).
  const marked = new Uint8Array([
    ...plain.subarray(0, 33),
    ...chunk("tEXt", text("Location\0SECRET")),
    ...chunk("eXIf", text("MM\0*GPS SECRET")),
    ...plain.subarray(33),
  ]);
  const stripped = await through(stripMetadata("image/png", marked)!, marked);
  assert.equal(contains(stripped, "SECRET"), false);
  assert.deepEqual(stripped, plain, "exactly the picture without them");
});

Deno.test("other types are not touched", () => {
  const any = new Uint8Array(16);
  assert.equal(stripMetadata("video/mp4", any), undefined);
  assert.equal(stripMetadata("image/gif", any), undefined);
});
