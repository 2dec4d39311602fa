/** Uploading files over HTTP in tests, as a client with a session token does. */
import assert from "node:assert/strict";
import { Jimp } from "jimp";

export type UploadAnswer = {
  id: string;
  size: number;
  offset: number;
  kind?: string;
  mime?: string;
  width?: number;
  height?: number;
  placeholder?: string;
  durationMs?: number;
};

/** Declares an upload; returns the answer's status and body. */
export async function declare(
  base: URL,
  token: string,
  file: { name: string; size: number },
): Promise<{ status: number; upload?: UploadAnswer; error?: string }> {
  const response = await fetch(new URL("/api/uploads", base), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(file),
  });
  return { status: response.status, ...await response.json() };
}

/** Sends `bytes` as the part of upload `id` from `offset`. */
export async function sendPart(
  base: URL,
  token: string,
  id: string,
  offset: number,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ status: number; upload?: UploadAnswer; error?: string }> {
  const response = await fetch(new URL(`/api/uploads/${id}`, base), {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "upload-offset": String(offset) },
    body: bytes,
  });
  return { status: response.status, ...await response.json() };
}

/** Uploads `bytes` whole as `name`; returns the complete upload. */
export async function upload(
  base: URL,
  token: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<UploadAnswer> {
  const declared = await declare(base, token, { name, size: bytes.byteLength });
  assert.equal(declared.status, 201, String(declared.error));
  const sent = await sendPart(base, token, declared.upload!.id, 0, bytes);
  assert.equal(sent.status, 200, String(sent.error));
  return sent.upload!;
}

/** A PNG of `width` × `height`. */
export async function png(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const buffer = await new Jimp({ width, height, color: 0x3366ccff }).getBuffer("image/png");
  return new Uint8Array(buffer);
}

const text = (s: string) => new TextEncoder().encode(s);

/** A JPEG segment: marker, length, payload. */
function segment(marker: number, payload: Uint8Array): Uint8Array {
  const length = payload.length + 2;
  return new Uint8Array([0xff, marker, length >> 8, length & 0xff, ...payload]);
}

/**
 * A JPEG of `width` × `height` as a phone's camera writes one: EXIF with its `orientation` and a
 * position, XMP, IPTC and a comment, each holding the word SECRET.
 */
export async function jpegWithMetadata(
  width: number,
  height: number,
  orientation: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const plain = new Uint8Array(
    await new Jimp({ width, height, color: 0x336699ff }).getBuffer("image/jpeg"),
  );
  const tiff = [
    ...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01],
    ...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00],
    ...[0x00, 0x00, 0x00, 0x00],
    ...text("GPS 55.7558 N 37.6173 E SECRET"),
  ];
  return new Uint8Array([
    0xff,
    0xd8,
    ...segment(0xe1, new Uint8Array([...text("Exif\0\0"), ...tiff])),
    ...segment(0xe1, text("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET</x:xmpmeta>")),
    ...segment(0xed, text("Photoshop 3.0\0IPTC city SECRET")),
    ...segment(0xfe, text("comment SECRET")),
    ...plain.subarray(2),
  ]);
}
