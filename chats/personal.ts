/**
 * Personal chats: exactly one per pair of users. The database enforces it (a unique index on
 * the ordered pair), so two people opening the chat at the same moment end in the same one.
 */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { blockedBetween, mayNotStartError, mayStart } from "./access.ts";

/** Who to open a chat with. */
export type ChatTarget = { userId: number } | { username: string };

/** Opens (creating when needed) the personal chat of `userId` with `target`; returns its id. */
export async function openPersonalChat(
  db: Db,
  config: { requireEmailConfirmation: boolean },
  userId: number,
  target: ChatTarget,
): Promise<number> {
  const allowed = await mayStart(db, config, userId);
  const [other] = await db.query<{ id: number; message_from: string }>(
    "userId" in target
      ? "select id, message_from from users where id = $1 and deleted_at is null"
      : "select id, message_from from users where lower(username) = lower($1) and deleted_at is null",
    ["userId" in target ? target.userId : target.username],
  );
  if (!other || other.id === userId) throw new HttpError(404, "No such user");

  const [existing] = await db.query<{ id: number }>(
    "select id from chats where kind = 'personal' and personal_low = $1 and personal_high = $2",
    [Math.min(userId, other.id), Math.max(userId, other.id)],
  );
  if (await blockedBetween(db, userId, other.id)) {
    throw new HttpError(403, "You cannot message this user");
  }
  if (existing) return existing.id;

  if (!allowed) throw mayNotStartError();
  if (other.message_from === "contacts") {
    const [listed] = await db.query(
      "select 1 from contacts where owner_id = $1 and contact_id = $2",
      [other.id, userId],
    );
    if (!listed) throw new HttpError(403, "This user accepts messages from contacts only");
  }
  return await db.transaction(async (tx) => {
    const low = Math.min(userId, other.id);
    const high = Math.max(userId, other.id);
    await tx.query(
      `insert into chats (kind, created_by, personal_low, personal_high)
       values ('personal', $1, $2, $3)
       on conflict (personal_low, personal_high) where kind = 'personal' do nothing`,
      [userId, low, high],
    );
    const [chat] = await tx.query<{ id: number }>(
      "select id from chats where kind = 'personal' and personal_low = $1 and personal_high = $2",
      [low, high],
    );
    await tx.query(
      `insert into chat_members (chat_id, user_id) values ($1, $2), ($1, $3)
       on conflict do nothing`,
      [chat.id, low, high],
    );
    return chat.id;
  });
}
