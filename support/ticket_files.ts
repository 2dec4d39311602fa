/**
 * Files on a ticket's messages: uploads made as for chats (`routes/api/uploads`), then attached to
 * one ticket message, which keeps their description; from then on the ticket's readers may fetch
 * them (`files/access.ts`), and they count as sent.
 */
import { describeUploads, MAX_ATTACHMENTS } from "../files/attachments.ts";
import type { AttachmentRecord } from "../files/attachments.ts";
import type { Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";

/** Attaches `ownerId`'s uploads `ids` to ticket message `messageId`, within its transaction. */
export async function attachToTicketMessage(
  tx: Queryable,
  ownerId: number,
  messageId: number,
  ids: string[],
): Promise<AttachmentRecord[]> {
  if (ids.length === 0) return [];
  if (ids.length > MAX_ATTACHMENTS) {
    throw new HttpError(422, `attachments: at most ${MAX_ATTACHMENTS} files`);
  }
  const records = await describeUploads(tx, ownerId, ids);
  const taken = await tx.query(
    `update uploads set ticket_message_id = $1
     where id = any($2::text[]) and owner_id = $3 and sha256 is not null
       and message_id is null and ticket_message_id is null
     returning id`,
    [messageId, ids, ownerId],
  );
  // Another request sent one of them in the meantime.
  if (taken.length !== ids.length) throw new HttpError(422, "attachments: already sent");
  await tx.query("update ticket_messages set attachments = $2::text::jsonb where id = $1", [
    messageId,
    JSON.stringify(records),
  ]);
  return records;
}
