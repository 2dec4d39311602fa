/**
 * Removes what a photo says about where and when it was taken (EXIF with GPS, XMP, IPTC, comments,
 * text chunks) from JPEG, PNG, WebP and AVIF files as they stream, without decoding a pixel. A JPEG
 * keeps its orientation, as a minimal EXIF of that one tag, so that it is not shown on its side;
 * colour profiles and the segments decoders need stay.
 */
import { avifMetadataBlanks, blanking } from "./avif_metadata.ts";
import { concat, type Step, walker } from "./byte_walker.ts";

/** JPEG segments dropped: APP1 (EXIF, XMP), APP3 to APP13 (IPTC among them), APP15, comments. */
function dropsJpegSegment(marker: number): boolean {
  return marker === 0xe1 || (marker >= 0xe3 && marker <= 0xed) || marker === 0xef ||
    marker === 0xfe;
}

/** PNG chunks dropped: text, time and EXIF. */
const PNG_DROPPED = new Set(["tEXt", "zTXt", "iTXt", "tIME", "eXIf"]);

/**
 * A transform that strips `mime`'s metadata, or undefined for a type kept as it is. `head` is the
 * file's start, where an AVIF says where its metadata lies; `sniff` has made sure it does.
 */
export function stripMetadata(
  mime: string,
  head: Uint8Array,
  orientation?: number,
): TransformStream<Uint8Array, Uint8Array> | undefined {
  if (mime === "image/jpeg") return walker(jpegSteps(orientation));
  if (mime === "image/png") return walker(pngSteps());
  if (mime === "image/webp") return walker(webpSteps());
  if (mime === "image/avif") {
    const blanks = avifMetadataBlanks(head);
    return blanks?.length ? blanking(blanks) : undefined;
  }
  return undefined;
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

/**
 * WebP's EXIF and XMP chunks are blanked where they lie, as `JUNK` chunks of zeros (which readers
 * skip), so that the length the file states at its start stays true; the VP8X flags that
 * announced them are cleared.
 */
function* webpSteps(): Generator<Step, void, undefined> {
  yield { need: 12, take: (header) => ({ emit: header }) };
  while (true) {
    let vp8x = 0;
    yield {
      need: 8,
      take: (header) => {
        const type = String.fromCharCode(...header.subarray(0, 4));
        const length = new DataView(header.buffer, header.byteOffset).getUint32(4, true);
        const padded = length + (length % 2);
        if (type === "EXIF" || type === "XMP ") {
          const junk = header.slice();
          junk.set([0x4a, 0x55, 0x4e, 0x4b]); // "JUNK"
          return { emit: junk, blank: padded };
        }
        // VP8X's flags come first in it: EXIF is 0x08, XMP 0x04.
        vp8x = type === "VP8X" && length >= 1 ? padded : 0;
        return vp8x ? { emit: header } : { emit: header, pass: padded };
      },
    };
    if (!vp8x) continue;
    yield {
      need: 1,
      take: (first) => ({ emit: new Uint8Array([first[0] & ~0x0c]), pass: vp8x - 1 }),
    };
  }
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
