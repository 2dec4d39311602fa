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
