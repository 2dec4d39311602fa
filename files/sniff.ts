/**
 * What a file is, read from its first bytes and never from what the sender declared: only raster
 * images and the video and audio that browsers play are shown inline; everything else (SVG and HTML
 * included) is a file to download.
 */
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import { avifMetadataBlanks } from "./avif_metadata.ts";

/** How a file is shown: inline as a picture, a player, or as a file to download. */
export type FileKind = "image" | "video" | "audio" | "file";

export interface Sniffed {
  kind: FileKind;
  mime: string;
  width?: number;
  height?: number;
  /** A picture's EXIF orientation, which its stripped copy keeps. */
  orientation?: number;
}

/** How much of a file's start is read to tell what it is; image sizes can come after metadata. */
export const SNIFF_BYTES = 512 * 1024;

/**
 * Pictures larger than this many pixels are files, not pictures: decoding one would take the
 * memory of a decompression bomb.
 */
export const MAX_PIXELS = 50_000_000;

const IMAGES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]);
const VIDEOS = new Set(["video/mp4", "video/webm"]);
const AUDIOS = new Set([
  "audio/mpeg",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/x-wav",
  "audio/aac",
  "audio/x-m4a",
  "audio/mp4",
  "audio/flac",
  "audio/x-flac",
  "audio/webm",
]);

const FILE: Sniffed = { kind: "file", mime: "application/octet-stream" };

/** What the file whose first bytes are `head` is. */
export async function sniff(head: Uint8Array): Promise<Sniffed> {
  const type = await fileTypeFromBuffer(head).catch(() => undefined);
  if (!type) return FILE;
  if (IMAGES.has(type.mime)) {
    const size = sizeOf(head);
    if (!size || size.width * size.height > MAX_PIXELS) return { kind: "file", mime: type.mime };
    // A photo is shown only without its metadata: an AVIF whose metadata cannot be found near its
    // start stays a file, to download as it was sent.
    if (type.mime === "image/avif" && !avifMetadataBlanks(head)) {
      return { kind: "file", mime: type.mime };
    }
    return { kind: "image", mime: type.mime, ...size };
  }
  // A type may name its codec too ("audio/ogg; codecs=opus").
  const base = type.mime.split(";")[0];
  if (VIDEOS.has(base)) return { kind: "video", mime: type.mime };
  if (AUDIOS.has(base)) return { kind: "audio", mime: type.mime };
  return { kind: "file", mime: type.mime };
}

/** An image's size as shown: turned by its EXIF orientation when that swaps the sides. */
function sizeOf(
  head: Uint8Array,
): { width: number; height: number; orientation?: number } | undefined {
  try {
    const { width, height, orientation } = imageSize(head);
    if (!width || !height) return undefined;
    const turned = orientation && orientation >= 5;
    return {
      width: turned ? height : width,
      height: turned ? width : height,
      ...(orientation ? { orientation } : {}),
    };
  } catch {
    return undefined;
  }
}
