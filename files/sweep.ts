/**
 * Files no message needs: uploads never sent (in a chat or a ticket) within a day, and those of
 * deleted messages. Their
 * bytes go once no other upload names the same file.
 */
import type { Db } from "../db/mod.ts";
import type { FileStorage } from "./storage.ts";
import { releaseFile } from "./uploads.ts";

/** How long an upload may wait to be sent. */
export const UNSENT_KEPT_MS = 24 * 3600_000;

/** Deletes what no message needs at `now`; returns how many uploads went. */
export async function sweepUploads(db: Db, storage: FileStorage, now: Date): Promise<number> {
  const gone = await db.query<{ id: string; sha256: string | null; thumb_sha256: string | null }>(
    `delete from uploads u
     where (u.message_id is null and u.ticket_message_id is null and u.created_at <= $1
            and (u.busy_until is null or u.busy_until < $2))
        or exists (select 1 from messages m where m.id = u.message_id and m.deleted_at is not null)
     returning u.id, u.sha256, u.thumb_sha256`,
    [new Date(now.getTime() - UNSENT_KEPT_MS), now],
  );
  for (const upload of gone) {
    await storage.deletePart(upload.id);
    for (const sha256 of [upload.sha256, upload.thumb_sha256]) {
      if (sha256) await releaseFile(db, storage, sha256);
    }
  }
  return gone.length;
}
