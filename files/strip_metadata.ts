/**
 * Removes what a photo says about where and when it was taken (EXIF with GPS, XMP, IPTC, comments,
 * text chunks) from JPEG and PNG files as they stream, and from WebP files read whole, without
 * decoding a pixel. A JPEG keeps its
 * orientation, as a minimal EXIF of that one tag, so that it is not shown on its side; colour
 * profiles and the segments decoders need stay.
 */

/** JPEG segments dropped: APP1 (EXIF, XMP), APP3 to APP13 (IPTC among them), APP15, comments. */
function dropsJpegSegment(marker: number): boolean {
  return marker === 0xe1 || (marker >= 0xe3 && marker <= 0xed) || marker === 0xef ||
    marker === 0xfe;
}

/** PNG chunks dropped: text, time and EXIF. */
const PNG_DROPPED = new Set(["tEXt", "zTXt", "iTXt", "tIME", "eXIf"]);

/** A transform that strips `mime`'s metadata, or undefined for a type kept as it is. */
export function stripMetadata(
  mime: string,
  orientation?: number,
): TransformStream<Uint8Array, Uint8Array> | undefined {
  if (mime === "image/jpeg") return walker(jpegSteps(orientation));
  if (mime === "image/png") return walker(pngSteps());
  if (mime === "image/webp") return whole(stripWebp);
  return undefined;
}

/** WebP files are stripped whole, up to this size; a larger one passes as it is. */
export const WEBP_STRIPPED_BYTES = 40 * 1024 * 1024;

/**
 * A WebP file states its length at its start, which dropping chunks changes: it is read whole
 * (up to WEBP_STRIPPED_BYTES), then written out.
 */
function whole(strip: (bytes: Uint8Array) => Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  let held: Uint8Array[] = [];
  let size = 0;
  let passing = false;
  return new TransformStream({
    transform(chunk, controller) {
      if (passing) return controller.enqueue(chunk);
      held.push(chunk);
      size += chunk.byteLength;
      if (size > WEBP_STRIPPED_BYTES) {
        for (const piece of held) controller.enqueue(piece);
        held = [];
        passing = true;
      }
    },
    flush(controller) {
      if (passing) return;
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const piece of held) {
        bytes.set(piece, at);
        at += piece.byteLength;
      }
      controller.enqueue(strip(bytes));
    },
  });
}

/** WebP's EXIF and XMP chunks, and the flags that announce them, go. */
export function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 12)];
  let at = 12;
  while (at + 8 <= bytes.byteLength) {
    const type = String.fromCharCode(...bytes.subarray(at, at + 4));
    const length = view.getUint32(at + 4, true);
    const end = Math.min(bytes.byteLength, at + 8 + length + (length % 2));
    if (type !== "EXIF" && type !== "XMP ") {
      const chunk = bytes.slice(at, end);
      // VP8X's flags: EXIF (0x08) and XMP (0x04) are there no more.
      if (type === "VP8X" && chunk.byteLength > 8) chunk[8] &= ~0x0c;
      kept.push(chunk);
    }
    at = end;
  }
  const total = kept.reduce((sum, piece) => sum + piece.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of kept) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  new DataView(out.buffer).setUint32(4, total - 8, true);
  return out;
}

/**
 * One step of a walk through a file's structure: how many bytes it needs to see, and what to do
 * with them: pass or drop them, and then pass or drop a number of bytes more without looking.
 */
interface Step {
  need: number;
  take(bytes: Uint8Array): { emit?: Uint8Array; pass?: number; skip?: number; done?: boolean };
}

/** Runs `steps` over a stream; once a step says done, the rest passes untouched. */
function walker(steps: Iterator<Step, void, undefined>): TransformStream<Uint8Array, Uint8Array> {
  let buffer: Uint8Array = new Uint8Array(0);
  let pass = 0;
  let skip = 0;
  let done = false;
  let step = steps.next();
  return new TransformStream({
    transform(chunk, controller) {
      let data = chunk;
      while (data.byteLength > 0) {
        if (done) return controller.enqueue(data);
        if (pass > 0 || skip > 0) {
          const n = Math.min(pass || skip, data.byteLength);
          if (pass > 0) {
            controller.enqueue(data.subarray(0, n));
            pass -= n;
          } else {
            skip -= n;
          }
          data = data.subarray(n);
          continue;
        }
        if (step.done) {
          done = true;
          continue;
        }
        const want = step.value.need - buffer.byteLength;
        const piece = data.subarray(0, want);
        buffer = concat(buffer, piece);
        data = data.subarray(piece.byteLength);
        if (buffer.byteLength < step.value.need) return;
        const outcome = step.value.take(buffer);
        buffer = new Uint8Array(0);
        if (outcome.emit) controller.enqueue(outcome.emit);
        pass = outcome.pass ?? 0;
        skip = outcome.skip ?? 0;
        done = outcome.done ?? false;
        step = steps.next();
      }
    },
    flush(controller) {
      // A file cut short ends as it ends: what was read and not yet judged goes out.
      if (buffer.byteLength > 0) controller.enqueue(buffer);
    },
  });
}

function* jpegSteps(orientation?: number): Generator<Step, void, undefined> {
  yield {
    need: 2,
    take: (soi) => ({
      emit: orientation && orientation > 1 ? concat(soi, orientationSegment(orientation)) : soi,
    }),
  };
  while (true) {
    let marker = 0;
    yield {
      need: 2,
      take: (bytes) => {
        marker = bytes[1];
        // Not a marker where one must be: the file is not what it seemed; it passes as it is.
        if (bytes[0] !== 0xff) return { emit: bytes.slice(), done: true };
        return standalone(marker) ? { emit: bytes.slice(), done: marker === 0xda } : {};
      },
    };
    if (marker === 0xda) return;
    if (standalone(marker)) continue;
    yield {
      need: 2,
      take: (length) => {
        const rest = ((length[0] << 8) | length[1]) - 2;
        return dropsJpegSegment(marker)
          ? { skip: rest }
          : { emit: concat(new Uint8Array([0xff, marker]), length), pass: rest };
      },
    };
  }
}

/** Markers without a length: the start of the image data among them, after which all is data. */
function standalone(marker: number): boolean {
  return marker === 0xda || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) ||
    marker === 0x01;
}

function* pngSteps(): Generator<Step, void, undefined> {
  yield { need: 8, take: (signature) => ({ emit: signature }) };
  while (true) {
    yield {
      need: 8,
      take: (header) => {
        const length = new DataView(header.buffer, header.byteOffset).getUint32(0);
        const type = String.fromCharCode(...header.subarray(4, 8));
        // The data and its CRC.
        return PNG_DROPPED.has(type) ? { skip: length + 4 } : { emit: header, pass: length + 4 };
      },
    };
  }
}

/** An APP1 segment holding a big-endian TIFF header and one IFD entry: Orientation. */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = [
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // "MM", 42, first IFD at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01, // Orientation, SHORT, count 1
    0x00,
    orientation,
    0x00,
    0x00, // its value
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]; // "Exif\0\0"
  const length = payload.length + 2;
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b.slice();
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a);
  joined.set(b, a.byteLength);
  return joined;
}
