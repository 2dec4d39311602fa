/**
 * Who may download a file: its uploader, and the members of the chat its message is in; a member
 * who left or was removed keeps the files sent while they were there, and no later one. A ticket's
 * files: its asker (not those of staff's notes) and the support staff. Anyone else learns nothing,
 * not even that the file exists.
 */
import type { Queryable } from "../db/mod.ts";
import type { FileKind } from "./sniff.ts";

/** A complete, downloadable file. */
export interface StoredFile {
  sha256: string;
  name: string;
  size: number;
  mime: string;
  kind: FileKind;
  thumb_sha256: string | null;
  thumb_size: number | null;
}

export async function fileFor(
  db: Queryable,
  userId: number,
  uploadId: string,
): Promise<StoredFile | undefined> {
  const [row] = await db.query<StoredFile>(
    `select u.sha256, u.name, u.size, u.mime, u.kind, u.thumb_sha256, u.thumb_size
     from uploads u left join messages m on m.id = u.message_id and m.deleted_at is null
       left join ticket_messages tm on tm.id = u.ticket_message_id
       left join tickets t on t.id = tm.ticket_id
     where u.id = $1 and u.sha256 is not null and (
       u.owner_id = $2
       or exists (select 1 from chat_members c where c.chat_id = m.chat_id and c.user_id = $2)
       or exists (select 1 from former_members f
                  where f.chat_id = m.chat_id and f.user_id = $2 and f.last_message_id >= m.id)
       or (t.user_id = $2 and not tm.internal)
       or (tm.id is not null and exists (
         select 1 from users s where s.id = $2 and s.role <> 'user' and s.deleted_at is null)))`,
    [uploadId, userId],
  );
  return row && { ...row, size: Number(row.size) };
}
