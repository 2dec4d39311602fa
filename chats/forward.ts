/**
 * Forwarding: a message one may read, sent again by them to a chat they may write in, marked with
 * whom it was first from. Its files are not copied: the forwarder gets uploads of their own naming
 * the same stored bytes, which the new chat's members may then fetch, and which count against the
 * forwarder's quota as any upload does.
 */
import { type Db, type Queryable, uniqueViolation } from "../db/mod.ts";
import type { AttachmentRecord } from "../files/attachments.ts";
import { HttpError } from "../framework/http_error.ts";
import { usedBytes } from "../files/uploads.ts";
import { randomToken } from "../lib/crypto.ts";
import { blockedBetween, membersOfChat, requireMember } from "./access.ts";
import { withEvents } from "./event_bus.ts";
import { loadMessage, type Message, type MessageType } from "./message_rows.ts";
import { insertMessage } from "./messages.ts";

/** Forwards message `messageId` to chat `toChatId` for `userId`; the new message. */
export async function forwardMessage(
  db: Db,
  userId: number,
  input: { messageId: number; toChatId: number; clientId: string; quotaBytes: number },
): Promise<Message> {
  const [source] = await db.query<{
    chat_id: number;
    content: string;
    content_type: MessageType;
    attachments: AttachmentRecord[] | null;
    origin: string | null;
    forwarded_from: string | null;
  }>(
    `select m.chat_id, m.content, m.content_type, m.attachments, m.forwarded_from,
       case when u.deleted_at is null then coalesce(u.display_name, u.username) end as origin
     from messages m left join users u on u.id = m.sender_id
     where m.id = $1 and m.deleted_at is null and m.content_type <> 'system'`,
    [input.messageId],
  );
  if (!source) throw new HttpError(404, "No such message");
  await requireMember(db, Number(source.chat_id), userId);
  const earlier = await sentAs(db, userId, input.clientId);
  if (earlier) return earlier;
  try {
    return await forwarded(db, userId, input, source, source.attachments ?? []);
  } catch (error) {
    // The same forward, sent twice at once: the first one stored is the answer to both.
    if (uniqueViolation(error) !== "messages_client_id_key") throw error;
    return (await sentAs(db, userId, input.clientId))!;
  }
}

/** The message `userId` sent with their id `clientId`, if any. */
async function sentAs(db: Queryable, userId: number, clientId: string) {
  const [row] = await db.query<{ id: number }>(
    "select id from messages where sender_id = $1 and client_id = $2",
    [userId, clientId],
  );
  return row && await loadMessage(db, Number(row.id));
}

async function forwarded(
  db: Db,
  userId: number,
  input: { toChatId: number; clientId: string; quotaBytes: number },
  source: {
    content: string;
    content_type: MessageType;
    forwarded_from: string | null;
    origin: string | null;
  },
  files: AttachmentRecord[],
): Promise<Message> {
  return await withEvents(db, async (tx, emit) => {
    const target = await writable(tx, userId, input.toChatId);
    const copies = await ownCopies(tx, userId, files, input.quotaBytes);
    const id = await insertMessage(tx, {
      chatId: input.toChatId,
      senderId: userId,
      content: source.content,
      contentType: source.content_type,
      clientId: input.clientId,
    });
    // A message forwarded again still names whom it was first from.
    await tx.query(
      "update messages set forwarded_from = $2, attachments = $3::text::jsonb where id = $1",
      [
        id,
        source.forwarded_from ?? source.origin ?? "",
        copies.length ? JSON.stringify(copies) : null,
      ],
    );
    await tx.query("update uploads set message_id = $1 where id = any($2::text[])", [
      id,
      copies.map((copy) => copy.id),
    ]);
    const message = (await loadMessage(tx, id))!;
    emit({ event: { event: "message.new", data: message }, userIds: target });
    return message;
  });
}

/** The members of chat `chatId` when `userId` may write in it (its row held); else 423 or 403. */
async function writable(tx: Queryable, userId: number, chatId: number): Promise<number[]> {
  // Held as a batch of messages holds it: members read now are those the message goes to.
  await tx.query("select 1 from chats where id = $1 for update", [chatId]);
  const { kind } = await requireMember(tx, chatId, userId);
  const members = await membersOfChat(tx, chatId);
  if (kind === "personal") {
    const other = members.find((id) => id !== userId);
    if (other !== undefined && await blockedBetween(tx, userId, other)) {
      throw new HttpError(403, "You cannot message this user");
    }
  }
  return members;
}

/** Uploads of `userId`'s own naming the bytes of `files`; 413 past their quota. */
async function ownCopies(
  tx: Queryable,
  userId: number,
  files: AttachmentRecord[],
  quotaBytes: number,
): Promise<AttachmentRecord[]> {
  if (files.length === 0) return [];
  // Held as an upload's declaration holds it: the quota is counted one request after another.
  await tx.query("select 1 from users where id = $1 for update", [userId]);
  const adding = files.reduce((sum, file) => sum + file.size, 0);
  if (await usedBytes(tx, userId) + adding > quotaBytes) {
    throw new HttpError(413, "These files would pass your storage quota");
  }
  const copies: AttachmentRecord[] = [];
  for (const file of files) {
    const id = randomToken();
    const made = await tx.query(
      `insert into uploads (id, owner_id, name, size, received, sha256, mime, kind, width, height,
         placeholder, thumb_sha256, thumb_size, duration_ms)
       select $1, $2, name, size, received, sha256, mime, kind, width, height, placeholder,
         thumb_sha256, thumb_size, duration_ms
       from uploads where id = $3 and sha256 is not null
       returning id`,
      [id, userId, file.id],
    );
    // A file whose upload went (swept with its message) is left out.
    if (made.length > 0) copies.push({ ...file, id });
  }
  return copies;
}
