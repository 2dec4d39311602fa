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

/** A chat's rights as kept: the read, and once it has succeeded, what it read. */
interface Kept {
  read: Promise<SendRights | null>;
  /** `null`: no such chat; absent while the read is under way. */
  rights?: SendRights | null;
}

/** Each database's chats: an unknown chat is kept as `null`. */
const kept = new WeakMap<Queryable, Map<number, Kept>>();

function keptFor(db: Queryable): Map<number, Kept> {
  let chats = kept.get(db);
  if (!chats) kept.set(db, chats = new Map());
  return chats;
}

/**
 * The chat's rights when they are kept, read already, and let `userId` send: a sender's usual
 * case, answered without waiting for a turn of the event loop. Otherwise `rightsToSend` says.
 */
export function keptRightsToSend(
  db: Queryable,
  chatId: number,
  userId: number,
): SendRights | undefined {
  const rights = keptFor(db).get(chatId)?.rights;
  return rights && refusalOf(rights, userId) === undefined ? rights : undefined;
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
    const before = chats.get(chatId);
    // Nothing kept: the next message reads it anyway. Else the new read starts after any read
    // still under way, so that messages waiting on either keep the order they came in.
    const read = () => readRights(db, chatId);
    if (before) keep(chats, chatId, before.read.then(read, read));
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
  return chats.get(chatId)?.read ?? keep(chats, chatId, readRights(db, chatId));
}

function keep(
  chats: Map<number, Kept>,
  chatId: number,
  read: Promise<SendRights | null>,
): Promise<SendRights | null> {
  chats.delete(chatId);
  if (chats.size >= MAX_KEPT) chats.delete(chats.keys().next().value!);
  const entry: Kept = { read };
  chats.set(chatId, entry);
  read.then((rights) => entry.rights = rights, () => {
    // A failed read is not kept: the next message reads again.
    if (chats.get(chatId) === entry) chats.delete(chatId);
  });
  return read;
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
