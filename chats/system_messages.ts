/**
 * System messages: what happened to a group, told in its history ("Anna added Boris"). Each is a
 * message of type `system` from the member who did it, whose content is a `SystemNote` as JSON;
 * clients word it in their own language (`lib/system_text.ts`). Names are kept as they were then,
 * so the history reads as it did.
 */
import type { Queryable } from "../db/mod.ts";
import type { Delivery } from "./events.ts";
import { loadMessage, type Message } from "./message_rows.ts";
import { insertMessage } from "./messages.ts";

/** A user named in a note. */
export interface NamedUser {
  id: number;
  name: string;
}

/** What a system message tells. The sender is who did it. */
export type SystemNote =
  | { type: "created"; title: string }
  | { type: "added"; users: NamedUser[] }
  | { type: "removed"; users: NamedUser[] }
  | { type: "left" }
  | { type: "joined"; via: "link" | "invitation" }
  | { type: "renamed"; title: string }
  | { type: "picture" }
  | { type: "role"; user: NamedUser; role: "admin" | "member" }
  | { type: "owner"; user: NamedUser };

/** The names of `userIds` as shown (display name, else username), in the order given. */
export async function namesOf(tx: Queryable, userIds: readonly number[]): Promise<NamedUser[]> {
  const rows = await tx.query<NamedUser>(
    `select id, coalesce(display_name, username) as name from users
     where id = any($1::bigint[])`,
    [[...userIds]],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return userIds.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Posts `note` from `actorId` in the caller's transaction (which holds the chat's row) and emits
 * it to `userIds`; returns the message.
 */
export async function postNote(
  tx: Queryable,
  emit: (delivery: Delivery) => void,
  chatId: number,
  actorId: number,
  note: SystemNote,
  userIds: readonly number[],
): Promise<Message> {
  const id = await insertMessage(tx, {
    chatId,
    senderId: actorId,
    content: JSON.stringify(note),
    contentType: "system",
  });
  const message = (await loadMessage(tx, id))!;
  emit({ event: { event: "message.new", data: message }, userIds });
  return message;
}
