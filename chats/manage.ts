/** What a member does to a chat and its messages besides writing: edit, delete, mute, hide. */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { membersOfChat, requireMember } from "./access.ts";
import { roleOf } from "./group_access.ts";
import { tell, withEvents } from "./event_bus.ts";
import { loadMessage, type Message } from "./message_rows.ts";
import { pinsOf } from "./pins.ts";
import { checkContent } from "./messages.ts";

/**
 * The chat of a message `userId` may change: their own, not a system message, to edit; their own,
 * or any in a group they administer, to delete.
 */
async function changeableMessage(
  db: Db,
  userId: number,
  messageId: number,
  change: "edit" | "delete",
): Promise<number> {
  const [row] = await db.query<{ chat_id: number; sender_id: number | null; content_type: string }>(
    "select chat_id, sender_id, content_type from messages where id = $1 and deleted_at is null",
    [messageId],
  );
  if (!row) throw new HttpError(404, "No such message");
  await requireMember(db, row.chat_id, userId);
  if (change === "edit" && row.content_type === "system") {
    throw new HttpError(403, "A system message cannot be edited");
  }
  if (row.sender_id === userId && row.content_type !== "system") return row.chat_id;
  if (change === "delete") {
    const role = await roleOf(db, row.chat_id, userId);
    if (role === "owner" || role === "admin") return row.chat_id;
  }
  throw new HttpError(403, "Only its sender can change a message");
}

/** Changes the text of one's own message; both sides see it, marked edited. */
export async function editMessage(
  db: Db,
  userId: number,
  messageId: number,
  content: string,
): Promise<Message> {
  checkContent(content);
  const chatId = await changeableMessage(db, userId, messageId, "edit");
  return await withEvents(db, async (tx, emit) => {
    await tx.query("update messages set content = $2, edited_at = now() where id = $1", [
      messageId,
      content,
    ]);
    const message = (await loadMessage(tx, messageId))!;
    emit({
      event: { event: "message.edited", data: message },
      userIds: await membersOfChat(tx, chatId),
    });
    return message;
  });
}

/** Deletes one's own message for everyone. */
export async function deleteMessage(db: Db, userId: number, messageId: number): Promise<void> {
  const chatId = await changeableMessage(db, userId, messageId, "delete");
  await eraseMessage(db, chatId, messageId);
}

/**
 * Deletes message `messageId` of chat `chatId` for everyone: its text is erased, its files go once
 * nothing refers to them, and every member is told. The caller has checked who may.
 */
export async function eraseMessage(db: Db, chatId: number, messageId: number): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    await tx.query("update messages set deleted_at = now(), content = '' where id = $1", [
      messageId,
    ]);
    const members = await membersOfChat(tx, chatId);
    emit({
      event: { event: "message.deleted", data: { chatId, id: messageId } },
      userIds: members,
    });
    const unpinned = await tx.query(
      "delete from pinned_messages where message_id = $1 returning 1",
      [messageId],
    );
    if (unpinned.length > 0) {
      emit({
        event: { event: "chat.pins", data: { chatId, pins: await pinsOf(tx, chatId) } },
        userIds: members,
      });
    }
  });
}

/**
 * Deletes a chat: for me (its history so far is hidden from me; a new message brings it back)
 * or, for a personal chat, for both of us.
 */
export async function deleteChat(db: Db, userId: number, chatId: number, forBoth: boolean) {
  if (!forBoth && await forgetGroup(db, userId, chatId)) return;
  const { kind } = await requireMember(db, chatId, userId);
  if (forBoth) {
    if (kind !== "personal") throw new HttpError(422, "Only a personal chat is deleted for both");
    await withEvents(db, async (tx, emit) => {
      const userIds = await membersOfChat(tx, chatId);
      await tx.query("delete from chats where id = $1", [chatId]);
      emit({ event: { event: "chat.deleted", data: { chatId } }, userIds });
    });
    return;
  }
  await withEvents(db, async (tx, emit) => {
    await tx.query(
      `update chat_members set hidden_before =
         coalesce((select max(id) from messages where chat_id = $1), 0)
       where chat_id = $1 and user_id = $2`,
      [chatId, userId],
    );
    // The chat goes from the lists of this member's other devices.
    emit({ event: { event: "chat.deleted", data: { chatId } }, userIds: [userId] });
  });
}

/** Takes a group `userId` left off their list, with what they could still read of it. */
async function forgetGroup(db: Db, userId: number, chatId: number): Promise<boolean> {
  return await withEvents(db, async (tx, emit) => {
    const rows = await tx.query(
      "delete from former_members where chat_id = $1 and user_id = $2 returning 1",
      [chatId, userId],
    );
    if (rows.length === 0) return false;
    emit({ event: { event: "chat.deleted", data: { chatId } }, userIds: [userId] });
    return true;
  });
}

/** Mutes or unmutes a chat's notifications for `userId`. */
export async function muteChat(db: Db, userId: number, chatId: number, muted: boolean) {
  await requireMember(db, chatId, userId);
  await db.query("update chat_members set muted = $3 where chat_id = $1 and user_id = $2", [
    chatId,
    userId,
    muted,
  ]);
}

/** Tells the other members that `userId` is typing; clients show it for a few seconds. */
export async function typing(db: Db, userId: number, chatId: number): Promise<void> {
  await requireMember(db, chatId, userId);
  await tell(db, [{
    event: { event: "typing", data: { chatId, userId } },
    userIds: await membersOfChat(db, chatId),
  }]);
}
