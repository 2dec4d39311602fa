/**
 * Real AVIF and WebP pictures (`tests/fixtures/plain.*`, one 64×48 frame made by ffmpeg) rebuilt
 * with EXIF and XMP as cameras and editors write them, so that metadata removal can be checked on
 * files a browser decodes.
 */
const text = (s: string) => new TextEncoder().encode(s);

function u32(n: number): number[] {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function u16(n: number): number[] {
  return [n >> 8, n & 0xff];
}

function box(type: string, ...parts: (Uint8Array | number[])[]): Uint8Array {
  const body = parts.flatMap((part) => [...part]);
  return new Uint8Array([...u32(body.length + 8), ...text(type), ...body]);
}

/** The top-level boxes of `bytes`, or a box's children from `from` to `to`, by type. */
function children(bytes: Uint8Array, from: number, to: number): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const found = new Map<string, Uint8Array>();
  for (let at = from; at < to;) {
    const size = view.getUint32(at);
    found.set(
      new TextDecoder().decode(bytes.subarray(at + 4, at + 8)),
      bytes.subarray(at, at + size),
    );
    at += size;
  }
  return found;
}

export const PLAIN_AVIF = new URL("../fixtures/plain.avif", import.meta.url);

/**
 * The AVIF fixture with `exif` and `xmp` (their text) added as items 2 and 3: the EXIF in `mdat`,
 * the XMP in an `idat` box.
 */
export async function avifWithMetadata(exif: string, xmp: string): Promise<Uint8Array> {
  const plain = await Deno.readFile(PLAIN_AVIF);
  const top = children(plain, 0, plain.length);
  const ftyp = top.get("ftyp")!;
  const meta = top.get("meta")!;
  const inMeta = children(meta, 12, meta.length);
  // The fixture's iloc (version 0, 4-byte offsets and lengths) places item 1 in one extent.
  const iloc = new DataView(inMeta.get("iloc")!.buffer, inMeta.get("iloc")!.byteOffset);
  const picture = plain.subarray(iloc.getUint32(22), iloc.getUint32(22) + iloc.getUint32(26));
  const exifPayload = new Uint8Array([...u32(0), ...text("MM\0*"), ...u32(8), ...text(exif)]);
  const xmpPayload = text(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${xmp}</x:xmpmeta>`);
  const infe = (id: number, type: string, extra: number[] = []) =>
    box("infe", [2, 0, 0, 0], u16(id), u16(0), text(type), [0], extra);
  const iinf = box(
    "iinf",
    [0, 0, 0, 0],
    u16(3),
    infe(1, "av01"),
    infe(2, "Exif"),
    infe(3, "mime", [...text("application/rdf+xml"), 0]),
  );
  const location = (id: number, method: number, offset: number, length: number) => [
    ...u16(id),
    ...u16(method),
    ...u16(0),
    ...u16(1),
    ...u32(offset),
    ...u32(length),
  ];
  // The new iloc's offsets depend on where mdat lands, which depends on the iloc's size: the same.
  const ilocFor = (mdatData: number) =>
    box(
      "iloc",
      [1, 0, 0, 0],
      [0x44, 0x00],
      u16(3),
      location(1, 0, mdatData, picture.length),
      location(2, 0, mdatData + picture.length, exifPayload.length),
      location(3, 1, 0, xmpPayload.length),
    );
  const metaFor = (mdatData: number) =>
    box(
      "meta",
      [0, 0, 0, 0],
      inMeta.get("hdlr")!,
      inMeta.get("pitm")!,
      ilocFor(mdatData),
      iinf,
      inMeta.get("iprp")!,
      box("idat", xmpPayload),
    );
  const mdatData = ftyp.length + metaFor(0).length + 8;
  return new Uint8Array([
    ...ftyp,
    ...metaFor(mdatData),
    ...box("mdat", picture, exifPayload),
  ]);
}

export const PLAIN_WEBP = new URL("../fixtures/plain.webp", import.meta.url);

/**
 * The WebP fixture (a simple, lossy file) made an extended one: a VP8X chunk announcing EXIF and
 * XMP, the picture, then `exif` and `xmp` in their chunks.
 */
export async function webpWithMetadata(exif: string, xmp: string): Promise<Uint8Array> {
  const plain = await Deno.readFile(PLAIN_WEBP);
  const chunk = (type: string, data: Uint8Array | number[]) => {
    const length = data.length;
    const le = [length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24];
    return [...text(type), ...le, ...data, ...(length % 2 ? [0] : [])];
  };
  // Flags EXIF (0x08) and XMP (0x04); the canvas, 64×48, as width - 1 and height - 1.
  const vp8x = chunk("VP8X", [0x0c, 0, 0, 0, 63, 0, 0, 47, 0, 0]);
  const body = [
    ...vp8x,
    ...plain.subarray(12),
    ...chunk("EXIF", text(`MM\0*${exif}`)),
    ...chunk("XMP ", text(`<x:xmpmeta>${xmp}</x:xmpmeta>`)),
  ];
  const riff = new Uint8Array([...text("RIFF"), 0, 0, 0, 0, ...text("WEBP"), ...body]);
  new DataView(riff.buffer).setUint32(4, riff.length - 8, true);
  return riff;
}
