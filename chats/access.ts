/** Who may read and write a chat: its members, and in a personal chat only while not blocked. */
import { mayStartChats } from "../accounts/users.ts";
import type { Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";

/**
 * Whether `userId` may start chats (a confirmed address, unless the installation lifts the rule);
 * 401 when the account is gone. Starting a chat that is refused is answered `mayNotStartError()`.
 */
export async function mayStart(
  db: Queryable,
  config: { requireEmailConfirmation: boolean },
  userId: number,
): Promise<boolean> {
  const [me] = await db.query<{ email_confirmed_at: Date | null }>(
    "select email_confirmed_at from users where id = $1 and deleted_at is null",
    [userId],
  );
  if (!me) throw new HttpError(401, "Sign in first");
  return mayStartChats({ emailConfirmed: me.email_confirmed_at !== null }, config);
}

/** The answer to an unconfirmed account starting a chat. */
export function mayNotStartError(): HttpError {
  return new HttpError(403, "Confirm your e-mail address first");
}

/** A member's view of a chat. */
export interface Membership {
  kind: "personal" | "group";
  /** Messages up to this id were there when the member deleted the chat "for me". */
  hiddenBefore: number;
}

/** The answer to a user who is not a member of the chat, as the original protocol gives it. */
export function notMemberError(): HttpError {
  return new HttpError(423, "You are not a member of this chat");
}

/** The chat as `userId` sees it when a member; 423 otherwise, as the original protocol answers. */
export async function requireMember(
  db: Queryable,
  chatId: number,
  userId: number,
): Promise<Membership> {
  const [row] = await db.query<{ kind: "personal" | "group"; hidden_before: number }>(
    `select c.kind, m.hidden_before from chat_members m join chats c on c.id = m.chat_id
     where m.chat_id = $1 and m.user_id = $2`,
    [chatId, userId],
  );
  if (!row) throw notMemberError();
  return { kind: row.kind, hiddenBefore: row.hidden_before };
}

/** Whether either of two users blocked the other. */
export async function blockedBetween(db: Queryable, a: number, b: number): Promise<boolean> {
  const rows = await db.query(
    `select 1 from blocks where (blocker_id = $1 and blocked_id = $2)
     or (blocker_id = $2 and blocked_id = $1) limit 1`,
    [a, b],
  );
  return rows.length > 0;
}

/** The members of one chat, none when it is gone. */
export async function membersOfChat(db: Queryable, chatId: number): Promise<number[]> {
  return (await membersOf(db, [chatId])).get(chatId) ?? [];
}

/** The members of each of `chatIds` (a chat that is gone has none). */
export async function membersOf(
  db: Queryable,
  chatIds: Iterable<number>,
): Promise<Map<number, number[]>> {
  const rows = await db.query<{ chat_id: number; user_ids: number[] }>(
    `select chat_id, json_agg(user_id order by user_id) as user_ids from chat_members
     where chat_id = any($1::bigint[]) group by chat_id`,
    [[...new Set(chatIds)]],
  );
  return new Map(rows.map((row) => [row.chat_id, row.user_ids]));
}
