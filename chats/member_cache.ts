/**
 * The members of chats as one process knows them, so that the events other processes announce
 * reach the right users without the database being asked for each. It is kept current by the
 * events that change members (`group.member`, `chat.deleted`) in the order the database committed
 * them: every process's announcements as they arrive, this one's included. A chat it does not know
 * yet is read once; a read that an event overtook is used but not kept.
 */
import { LRUCache } from "lru-cache";
import type { Queryable } from "../db/mod.ts";
import { membersOf } from "./access.ts";
import type { ChatEvent } from "./events.ts";

/** Members kept, across all chats: a bound on the memory, the least recently used chats going first. */
const MAX_MEMBERS_KEPT = 1_000_000;

export class MemberCache {
  readonly #chats = new LRUCache<number, Set<number>>({
    maxSize: MAX_MEMBERS_KEPT,
    sizeCalculation: (members) => Math.max(1, members.size),
  });
  /** Reads in progress by chat, and the chats an event changed while they were read. */
  readonly #reading = new Map<number, number>();
  readonly #overtaken = new Set<number>();

  /** The members of each of `chatIds`, read from `db` for the chats not known yet. */
  async membersOf(db: Queryable, chatIds: Iterable<number>): Promise<Map<number, number[]>> {
    const found = new Map<number, number[]>();
    const missing: number[] = [];
    for (const chatId of new Set(chatIds)) {
      const members = this.#chats.get(chatId);
      if (members) found.set(chatId, [...members]);
      else missing.push(chatId);
    }
    if (missing.length === 0) return found;
    for (const chatId of missing) this.#reading.set(chatId, (this.#reading.get(chatId) ?? 0) + 1);
    try {
      const read = await membersOf(db, missing);
      for (const chatId of missing) {
        const members = read.get(chatId) ?? [];
        found.set(chatId, members);
        if (!this.#overtaken.has(chatId)) this.#chats.set(chatId, new Set(members));
      }
    } finally {
      for (const chatId of missing) {
        const left = this.#reading.get(chatId)! - 1;
        if (left > 0) continue;
        this.#reading.delete(chatId);
        this.#overtaken.delete(chatId);
      }
    }
    return found;
  }

  /** Takes in an event that changes a chat's members; other events change nothing. */
  apply(event: ChatEvent): void {
    if (event.event !== "group.member" && event.event !== "chat.deleted") return;
    const { chatId } = event.data;
    if (this.#reading.has(chatId)) this.#overtaken.add(chatId);
    if (event.event === "chat.deleted") {
      this.#chats.delete(chatId);
      return;
    }
    const members = this.#chats.get(chatId);
    if (!members) return;
    if (event.data.role === null) members.delete(event.data.userId);
    else members.add(event.data.userId);
  }
}

/** The events that change a chat's members. */
const MEMBER_EVENTS = ["group.member", "chat.deleted"] as const satisfies ChatEvent["event"][];

/** Whether an announcement may hold an event that changes members, without reading it all. */
export function mayChangeMembers(payload: string): boolean {
  return MEMBER_EVENTS.some((name) => payload.includes(`"${name}"`));
}
