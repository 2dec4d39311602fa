/**
 * Who may send to a chat, kept in memory: its members, and for a personal chat whether either
 * member blocked the other. A batch of new messages (`group_commit.ts`) then needs no lookup of
 * its own for these; it only compares the chat's `members_version` with the one the senders were
 * checked against, and refuses the chat's messages as stale when they differ (see
 * `db/migrations/0010_sender_rights_in_memory.sql`). So a yes from memory is confirmed by the
 * database as the message is stored, and a no is confirmed by reading the chat again: a change
 * made by any process takes effect at once, in every process.
 */
import type { Queryable } from "../db/mod.ts";

/** A chat as the sending path needs it. */
export interface SendRights {
  /** The chat's `members_version` when it was read. */
  version: number;
  members: ReadonlySet<number>;
  /** A personal chat whose members blocked one another, either way. */
  blocked: boolean;
}

/** Why a sender may not send to a chat. */
export type SendRefusal = "not_member" | "blocked";

/** Chats kept per process; beyond this many, the longest kept are read again when next used. */
const MAX_KEPT = 20_000;

/** Each database's chats: an unknown chat is kept as `null`, a read in progress as its promise. */
const kept = new WeakMap<Queryable, Map<number, Promise<SendRights | null>>>();

function keptFor(db: Queryable): Map<number, Promise<SendRights | null>> {
  let chats = kept.get(db);
  if (!chats) kept.set(db, chats = new Map());
  return chats;
}

/**
 * The chat's rights as `userId`'s message must be checked against, or why it may not send. A
 * refusal is never taken from memory alone: the chat is read again first, in case the sender
 * was added or unblocked since.
 */
export async function rightsToSend(
  db: Queryable,
  chatId: number,
  userId: number,
): Promise<SendRights | { refused: SendRefusal }> {
  const remembered = await rightsOf(db, chatId);
  if (refusalOf(remembered, userId) === undefined) return remembered!;
  forgetRights(db, [chatId]);
  const current = await rightsOf(db, chatId);
  const refused = refusalOf(current, userId);
  return refused ? { refused } : current!;
}

/** Reads `chatIds` again, which the database said have changed. */
export function forgetRights(db: Queryable, chatIds: Iterable<number>): void {
  const chats = keptFor(db);
  for (const chatId of chatIds) {
    const kept = chats.get(chatId);
    // Nothing kept: the next message reads it anyway. Else the new read starts after any read
    // still under way, so that messages waiting on either keep the order they came in.
    const read = () => readRights(db, chatId);
    if (kept) keep(chats, chatId, kept.then(read, read));
  }
}

/** Why `userId` may not send under `rights` (`null`: no such chat), if it may not. */
export function refusalOf(rights: SendRights | null, userId: number): SendRefusal | undefined {
  if (!rights?.members.has(userId)) return "not_member";
  if (rights.blocked) return "blocked";
  return undefined;
}

function rightsOf(db: Queryable, chatId: number): Promise<SendRights | null> {
  const chats = keptFor(db);
  return chats.get(chatId) ?? keep(chats, chatId, readRights(db, chatId));
}

function keep(
  chats: Map<number, Promise<SendRights | null>>,
  chatId: number,
  rights: Promise<SendRights | null>,
): Promise<SendRights | null> {
  chats.delete(chatId);
  if (chats.size >= MAX_KEPT) chats.delete(chats.keys().next().value!);
  chats.set(chatId, rights);
  // A failed read is not kept: the next message reads again.
  rights.catch(() => {
    if (chats.get(chatId) === rights) chats.delete(chatId);
  });
  return rights;
}

/** The chat's rights as they are now, or `null` when there is no such chat. */
export async function readRights(db: Queryable, chatId: number): Promise<SendRights | null> {
  // One statement, so the members and the version are those of one moment.
  const [row] = await db.query<{ version: number; members: number[]; blocked: boolean }>(
    `select c.members_version as version,
       coalesce((select json_agg(user_id) from chat_members where chat_id = c.id), '[]') as members,
       c.kind = 'personal' and exists (
         select 1 from blocks
         where (blocker_id = c.personal_low and blocked_id = c.personal_high)
           or (blocker_id = c.personal_high and blocked_id = c.personal_low)
       ) as blocked
     from chats c where c.id = $1`,
    [chatId],
  );
  if (!row) return null;
  return { version: row.version, members: new Set(row.members), blocked: row.blocked };
}
