/**
 * Where an AVIF file keeps what it says about where and when it was taken: its EXIF and XMP items,
 * found through the `meta` box near its start. Their bytes are blanked where they lie, so that the
 * file keeps its length and every offset in it stays true; EXIF becomes a valid EXIF without tags,
 * since some decoders refuse a picture whose EXIF does not parse.
 */
import { type Step, walker } from "./byte_walker.ts";

/** Bytes `start` to `end` (excluded) of a file, to be blanked; `fill` is written at their start. */
export interface Blank {
  start: number;
  end: number;
  fill?: Uint8Array;
}

/** An EXIF item with no tags: offset 0 to a big-endian TIFF header, one IFD of no entries. */
const EMPTY_EXIF = new Uint8Array([0, 0, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);

/**
 * The blanks that remove an AVIF's metadata, read from the file's first bytes `head` (the whole
 * file when it is shorter); undefined when they cannot be told there: the `meta` box lies beyond
 * `head`, or the boxes do not parse, or an item's bytes are where a blank cannot reach.
 */
export function avifMetadataBlanks(head: Uint8Array): Blank[] | undefined {
  try {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const meta = topLevelMeta(view);
    return meta && blanksIn(view, meta);
  } catch {
    return undefined;
  }
}

/** A transform that blanks `blanks`, which are in order and do not overlap. */
export function blanking(blanks: Blank[]): TransformStream<Uint8Array, Uint8Array> {
  return walker(blankSteps(blanks));
}

function* blankSteps(blanks: Blank[]): Generator<Step, void, undefined> {
  let at = 0;
  for (const { start, end, fill } of blanks) {
    yield { need: 0, take: () => ({ pass: start - at }) };
    // The fill takes the place of as many of the item's bytes.
    const head = fill ?? new Uint8Array(0);
    yield {
      need: head.byteLength,
      take: () => ({ emit: head, blank: end - start - head.byteLength }),
    };
    at = end;
  }
}

interface Box {
  type: string;
  /** Where its content starts, after the header. */
  start: number;
  end: number;
}

/** The `meta` box, when it lies wholly within `view` and after boxes that do too. */
function topLevelMeta(view: DataView): Box | undefined {
  for (const box of boxes(view, 0, view.byteLength, true)) {
    if (box.end > view.byteLength) return undefined;
    if (box.type === "meta") return box;
  }
  return undefined;
}

/** The boxes from `from` to `to`; at the top level, the last one may run on past `view`. */
function* boxes(view: DataView, from: number, to: number, open = false): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || (!open && at + size > to)) throw new Error("a box overruns its parent");
    yield { type: fourcc(view, at + 4), start: at + header, end: at + size };
    at += size;
  }
}

function blanksIn(view: DataView, meta: Box): Blank[] | undefined {
  // `meta` is a full box: a version and flags come first.
  const children = [...boxes(view, meta.start + 4, meta.end)];
  const infos = children.find((box) => box.type === "iinf");
  const locations = children.find((box) => box.type === "iloc");
  const data = children.find((box) => box.type === "idat");
  const kinds = infos ? metadataItems(view, infos) : new Map<number, "exif" | "xmp">();
  if (kinds.size === 0) return [];
  if (!locations) return [];
  const blanks: Blank[] = [];
  for (const item of itemLocations(view, locations)) {
    const kind = kinds.get(item.id);
    if (!kind) continue;
    if (item.method === 1 && !data) return undefined;
    if (item.method > 1) return undefined;
    const base = item.method === 1 ? data!.start : 0;
    item.extents.forEach((extent, index) => {
      if (extent.length === 0) throw new Error("an extent runs to the end of the file");
      const start = base + item.baseOffset + extent.offset;
      const fill = kind === "exif" && index === 0 && extent.length >= EMPTY_EXIF.length
        ? EMPTY_EXIF
        : undefined;
      blanks.push({ start, end: start + extent.length, ...(fill ? { fill } : {}) });
    });
  }
  blanks.sort((a, b) => a.start - b.start);
  const overlapping = blanks.some((blank, i) => i > 0 && blank.start < blanks[i - 1].end);
  return overlapping ? undefined : blanks;
}

/** The ids of EXIF and XMP items (`Exif`, and `mime` items, which in AVIF hold XMP). */
function metadataItems(view: DataView, infos: Box): Map<number, "exif" | "xmp"> {
  const version = view.getUint8(infos.start);
  const first = infos.start + 4 + (version === 0 ? 2 : 4);
  const kinds = new Map<number, "exif" | "xmp">();
  for (const entry of boxes(view, first, infos.end)) {
    if (entry.type !== "infe") continue;
    const entryVersion = view.getUint8(entry.start);
    // Versions 0 and 1 carry no item type; AVIF writes version 2 or 3.
    if (entryVersion < 2) continue;
    let at = entry.start + 4;
    const id = entryVersion === 2 ? view.getUint16(at) : view.getUint32(at);
    at += (entryVersion === 2 ? 2 : 4) + 2;
    const type = fourcc(view, at);
    if (type === "Exif") kinds.set(id, "exif");
    if (type === "mime") kinds.set(id, "xmp");
  }
  return kinds;
}

interface ItemLocation {
  id: number;
  /** 0: offsets in the file; 1: in the `idat` box; 2: in another item. */
  method: number;
  baseOffset: number;
  extents: { offset: number; length: number }[];
}

function itemLocations(view: DataView, locations: Box): ItemLocation[] {
  const version = view.getUint8(locations.start);
  let at = locations.start + 4;
  const sizes = view.getUint16(at);
  at += 2;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version >= 1 ? sizes & 0xf : 0;
  const read = (size: number) => {
    const value = size === 0
      ? 0
      : size === 4
      ? view.getUint32(at)
      : size === 8
      ? Number(view.getBigUint64(at))
      : NaN;
    if (Number.isNaN(value)) throw new Error(`a field of ${size} bytes`);
    at += size;
    return value;
  };
  const count = version < 2 ? view.getUint16(at) : view.getUint32(at);
  at += version < 2 ? 2 : 4;
  const items: ItemLocation[] = [];
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? view.getUint16(at) : view.getUint32(at);
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version >= 1) {
      method = view.getUint16(at) & 0xf;
      at += 2;
    }
    at += 2; // data_reference_index
    const baseOffset = read(baseOffsetSize);
    const extentCount = view.getUint16(at);
    at += 2;
    const extents = [];
    for (let e = 0; e < extentCount; e++) {
      read(indexSize);
      const offset = read(offsetSize);
      extents.push({ offset, length: read(lengthSize) });
    }
    items.push({ id, method, baseOffset, extents });
  }
  return items;
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}
