/** The files a message is sent with: described from their uploads, which must be ready to send. */
import type { Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import type { FileKind } from "./sniff.ts";

export { MAX_ATTACHMENTS } from "./limits.ts";

/** A file a message carries, as the message keeps it (`messages.attachments`). */
export interface AttachmentRecord {
  /** The upload's id, which is also the file's address. */
  id: string;
  kind: FileKind;
  name: string;
  size: number;
  mime: string;
  width?: number;
  height?: number;
  /** A photo has a thumbnail. */
  thumb?: boolean;
  /** A photo's ThumbHash, base64: what to show until it loads. */
  placeholder?: string;
  /** How long a video or a recording plays, where the server could tell. */
  durationMs?: number;
}

/**
 * Describes the uploads `ids`, in that order; 422 unless each is the sender's, complete, not sent
 * yet (in a chat or a ticket) and named once. (Storing the message checks again, as it attaches them.)
 */
export async function describeUploads(
  db: Queryable,
  userId: number,
  ids: string[],
): Promise<AttachmentRecord[]> {
  if (new Set(ids).size !== ids.length) {
    throw new HttpError(422, "attachments: a file is named twice");
  }
  const rows = await db.query<{
    id: string;
    kind: FileKind;
    name: string;
    size: string | number;
    mime: string;
    width: number | null;
    height: number | null;
    placeholder: string | null;
    duration_ms: number | null;
    thumb_sha256: string | null;
  }>(
    `select id, kind, name, size, mime, width, height, placeholder, duration_ms,
       thumb_sha256 from uploads
     where id = any($1::text[]) and owner_id = $2 and sha256 is not null and message_id is null
       and ticket_message_id is null`,
    [ids, userId],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new HttpError(422, "attachments: no such upload ready to send");
    return {
      id,
      kind: row.kind,
      name: row.name,
      size: Number(row.size),
      mime: row.mime,
      ...(row.width ? { width: row.width, height: row.height! } : {}),
      ...(row.thumb_sha256 ? { thumb: true } : {}),
      ...(row.placeholder ? { placeholder: row.placeholder } : {}),
      ...(row.duration_ms ? { durationMs: row.duration_ms } : {}),
    };
  });
}
