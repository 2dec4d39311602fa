/**
 * Telling of a ticket's change: its asker and every member of the support staff get
 * `ticket.updated`, on the one path chat events take (`chats/event_bus.ts`), and ask for what
 * changed with `tickets.thread`, which shows each only what they may read.
 */
import type { Queryable } from "../db/mod.ts";
import type { Delivery } from "../chats/events.ts";

/** The news of ticket `ticketId`'s change, to `askerId` (none for a guest) and the staff. */
export async function ticketNews(
  tx: Queryable,
  ticketId: number,
  askerId: number | null,
): Promise<Delivery> {
  const staff = await tx.query<{ id: number }>(
    "select id from users where role <> 'user' and deleted_at is null",
  );
  const userIds = new Set(staff.map((row) => Number(row.id)));
  if (askerId !== null) userIds.add(askerId);
  return { event: { event: "ticket.updated", data: { ticketId } }, userIds: [...userIds] };
}
