/**
 * Uploads: a file declared with its name and size, then sent in one or more parts, each from where
 * the last stopped, so that an upload survives a dropped connection. Complete, its content is
 * sniffed, stripped of a photo's metadata, hashed and kept in the storage under its hash; a
 * message then names it.
 *
 * Limits hold across requests and processes: a user's uploads are counted against their quota
 * while their row is locked, and a request writing to an upload holds it (`busy_until`) so that no
 * other writes to it at the same time.
 */
import { createHash } from "node:crypto";
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { randomToken } from "../lib/crypto.ts";
import { safeFileName } from "./file_name.ts";
import { type FileKind, sniff, SNIFF_BYTES } from "./sniff.ts";
import { stripMetadata } from "./strip_metadata.ts";
import { THUMBNAIL_MAX_BYTES, thumbnailOf } from "./thumbnails.ts";
import { probeMedia } from "./media_probe.ts";
import { imageSize } from "image-size";
import type { FileStorage } from "./storage.ts";

export interface UploadLimits {
  /** The largest file. */
  maxBytes: number;
  /** What one user's files may add up to. */
  quotaBytes: number;
}

/** An upload as its uploader sees it. */
export interface Upload {
  id: string;
  name: string;
  size: number;
  /** Bytes received: where the next part starts. */
  offset: number;
  /** Set once complete. */
  kind?: FileKind;
  mime?: string;
  width?: number;
  height?: number;
  /** A photo's ThumbHash, base64, when it has a thumbnail. */
  placeholder?: string;
  /** How long a video or a recording plays. */
  durationMs?: number;
}

interface UploadRow {
  id: string;
  name: string;
  size: number;
  received: number;
  sha256: string | null;
  mime: string | null;
  kind: FileKind | null;
  width: number | null;
  height: number | null;
  placeholder: string | null;
  duration_ms: number | null;
}

const toUpload = (row: UploadRow): Upload => ({
  id: row.id,
  name: row.name,
  size: Number(row.size),
  offset: Number(row.received),
  ...(row.kind ? { kind: row.kind, mime: row.mime! } : {}),
  ...(row.width ? { width: row.width, height: row.height! } : {}),
  ...(row.placeholder ? { placeholder: row.placeholder } : {}),
  ...(row.duration_ms ? { durationMs: row.duration_ms } : {}),
});

const COLUMNS =
  "id, name, size, received, sha256, mime, kind, width, height, placeholder, duration_ms";

/** How long a request may write to an upload before another may take it over. */
const HOLD = "10 minutes";

/** Declares an upload; 413 when the file is over the limit or would pass the user's quota. */
export async function createUpload(
  db: Db,
  limits: UploadLimits,
  userId: number,
  file: { name: string; size: number },
): Promise<Upload> {
  if (file.size <= 0) throw new HttpError(422, "The file is empty");
  if (file.size > limits.maxBytes) {
    throw new HttpError(413, `The file is larger than the limit of ${mebibytes(limits.maxBytes)}`);
  }
  return await db.transaction(async (tx) => {
    // Held until commit: two uploads of one user are counted one after the other.
    await tx.query("select 1 from users where id = $1 for update", [userId]);
    const used = await usedBytes(tx, userId);
    if (used + file.size > limits.quotaBytes) {
      throw new HttpError(
        413,
        `This file would pass your storage quota of ${mebibytes(limits.quotaBytes)} ` +
          `(${mebibytes(used)} used)`,
      );
    }
    const [row] = await tx.query<UploadRow>(
      `insert into uploads (id, owner_id, name, size) values ($1, $2, $3, $4)
       returning ${COLUMNS}`,
      [randomToken(), userId, safeFileName(file.name), file.size],
    );
    return toUpload(row);
  });
}

/** The bytes a user's uploads take, sent or not, complete or not. */
export async function usedBytes(db: Queryable, userId: number): Promise<number> {
  const [{ used }] = await db.query<{ used: string | number }>(
    "select coalesce(sum(size), 0) as used from uploads where owner_id = $1",
    [userId],
  );
  return Number(used);
}

/** One of the user's own uploads; 404 for anyone else's, so that ids cannot be probed. */
export async function ownUpload(db: Queryable, userId: number, id: string): Promise<Upload> {
  const [row] = await db.query<UploadRow>(
    `select ${COLUMNS} from uploads where id = $1 and owner_id = $2`,
    [id, userId],
  );
  if (!row) throw new HttpError(404, "No such upload");
  return toUpload(row);
}

/**
 * Writes `body` to the upload from `offset`, which must be where it stands (409 with the right
 * offset otherwise); completes it when the last byte arrives.
 */
export async function appendToUpload(
  db: Db,
  storage: FileStorage,
  userId: number,
  id: string,
  offset: number,
  body: ReadableStream<Uint8Array>,
): Promise<Upload> {
  const [held] = await db.query<UploadRow>(
    `update uploads set busy_until = now() + interval '${HOLD}'
     where id = $1 and owner_id = $2 and sha256 is null
       and (busy_until is null or busy_until < now())
     returning ${COLUMNS}`,
    [id, userId],
  );
  if (!held) {
    const upload = await ownUpload(db, userId, id);
    if (upload.kind) throw new HttpError(409, "The upload is complete");
    throw new HttpError(409, "The upload is being written by another request");
  }
  try {
    // The storage's count is the truth: a request that broke off may have written more than
    // the row says.
    const stored = await storage.partSize(id);
    if (offset !== stored) {
      throw new HttpError(409, `The upload stands at ${stored} bytes, not ${offset}`);
    }
    const received = await storage.appendPart(id, body, Number(held.size) - stored);
    await db.query("update uploads set received = $2 where id = $1", [id, received]);
    if (received < Number(held.size)) return { ...toUpload(held), offset: received };
    return await complete(db, storage, id);
  } finally {
    await db.query("update uploads set busy_until = null where id = $1", [id]);
  }
}

/**
 * Sniffs a complete upload, strips a photo's metadata (where and when it was taken), hashes what
 * remains and keeps it under its hash; then gives a photo its thumbnail, and a video or a recording
 * its length and poster.
 */
async function complete(db: Db, storage: FileStorage, id: string): Promise<Upload> {
  const head = await headOf(storage, id);
  const sniffed = await sniff(head);
  const strip = sniffed.kind === "image"
    ? stripMetadata(sniffed.mime, head, sniffed.orientation)
    : undefined;
  const hash = createHash("sha256");
  let size = 0;
  // A photo small enough for a thumbnail is kept as it passes, rather than read back.
  let photo = sniffed.kind === "image" ? [] as Uint8Array[] : undefined;
  const hashing = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      size += chunk.byteLength;
      if (size > THUMBNAIL_MAX_BYTES) photo = undefined;
      photo?.push(chunk.slice());
      controller.enqueue(chunk);
    },
  });
  let kept = id;
  if (strip) {
    kept = `${id}-clean`;
    await storage.deletePart(kept);
    const stripped = (await storage.readPart(id)).pipeThrough(strip).pipeThrough(hashing);
    await storage.appendPart(kept, stripped, Number.MAX_SAFE_INTEGER);
    await storage.deletePart(id);
  } else {
    await (await storage.readPart(id)).pipeThrough(hashing).pipeTo(new WritableStream());
  }
  const sha256 = hash.digest("hex");
  const completed = await db.transaction(async (tx) => {
    // Taken by whoever keeps or lets go of a file with this hash (see `releaseFile`).
    await tx.query("select pg_advisory_xact_lock(hashtext($1))", [sha256]);
    const [row] = await tx.query<UploadRow>(
      `update uploads set sha256 = $2, mime = $3, kind = $4, width = $5, height = $6,
         size = $7, received = $7
       where id = $1 returning ${COLUMNS}`,
      [
        id,
        sha256,
        sniffed.mime,
        sniffed.kind,
        sniffed.width ?? null,
        sniffed.height ?? null,
        size,
      ],
    );
    await storage.commitPart(kept, sha256);
    return toUpload(row);
  });
  if (sniffed.kind === "video" || sniffed.kind === "audio") {
    const { durationMs, poster } = await probeMedia(await storage.read(sha256), sniffed.kind);
    const timed = durationMs ? await setDuration(db, id, durationMs) : completed;
    return poster && await addThumbnail(db, storage, timed, poster) || timed;
  }
  if (!photo || !sniffed.width) return completed;
  return await addThumbnail(db, storage, completed, joined(photo, size)) ?? completed;
}

async function setDuration(db: Db, id: string, durationMs: number): Promise<Upload> {
  const [row] = await db.query<UploadRow>(
    `update uploads set duration_ms = $2 where id = $1 returning ${COLUMNS}`,
    [id, durationMs],
  );
  return toUpload(row);
}

function joined(pieces: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.byteLength;
  }
  return bytes;
}

/**
 * Makes and keeps the thumbnail of a photo, or of a video's poster frame; the upload as it is
 * then, or undefined without one.
 */
async function addThumbnail(
  db: Db,
  storage: FileStorage,
  upload: Upload,
  picture: Uint8Array,
): Promise<Upload | undefined> {
  let size: { width: number; height: number };
  try {
    size = imageSize(picture);
  } catch {
    return undefined;
  }
  const thumbnail = await thumbnailOf(picture, size);
  if (!thumbnail) return undefined;
  const thumbSha256 = createHash("sha256").update(thumbnail.jpeg).digest("hex");
  const part = `${upload.id}-thumb`;
  await storage.deletePart(part);
  await storage.appendPart(part, ReadableStream.from([thumbnail.jpeg]), thumbnail.jpeg.byteLength);
  return await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext($1))", [thumbSha256]);
    const [row] = await tx.query<UploadRow>(
      `update uploads set thumb_sha256 = $2, thumb_size = $3, placeholder = $4
       where id = $1 returning ${COLUMNS}`,
      [upload.id, thumbSha256, thumbnail.jpeg.byteLength, thumbnail.placeholder],
    );
    await storage.commitPart(part, thumbSha256);
    return toUpload(row);
  });
}

/** The first bytes of upload `id`, enough to tell what it is. */
async function headOf(storage: FileStorage, id: string): Promise<Uint8Array> {
  const head = new Uint8Array(SNIFF_BYTES);
  let length = 0;
  const reader = (await storage.readPart(id)).getReader();
  try {
    while (length < SNIFF_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = value.subarray(0, SNIFF_BYTES - length);
      head.set(piece, length);
      length += piece.byteLength;
    }
  } finally {
    await reader.cancel();
  }
  return head.subarray(0, length);
}

/** Cancels an upload not yet sent, and lets go of its file when nothing else names it. */
export async function deleteUpload(
  db: Db,
  storage: FileStorage,
  userId: number,
  id: string,
): Promise<void> {
  const [row] = await db.query<{ sha256: string | null; thumb_sha256: string | null }>(
    `delete from uploads where id = $1 and owner_id = $2 and message_id is null
     returning sha256, thumb_sha256`,
    [id, userId],
  );
  if (!row) throw new HttpError(404, "No such upload, or it was sent");
  await storage.deletePart(id);
  for (const sha256 of [row.sha256, row.thumb_sha256]) {
    if (sha256) await releaseFile(db, storage, sha256);
  }
}

/** Deletes the file `sha256` from the storage when no upload names it any more. */
export async function releaseFile(db: Db, storage: FileStorage, sha256: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext($1))", [sha256]);
    const [named] = await tx.query(
      `select 1 from uploads where sha256 = $1
       union all select 1 from uploads where thumb_sha256 = $1 limit 1`,
      [sha256],
    );
    if (!named) await storage.delete(sha256);
  });
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024 * 10) / 10} MiB`;
}
