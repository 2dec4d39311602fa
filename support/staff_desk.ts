/**
 * Support staff's side of tickets: the queue with its filters, answers and notes, status and
 * assignment, and canned replies. Every action is written to the audit log with the change.
 */
import { audit } from "../admin/audit_log.ts";
import { withEvents } from "../chats/event_bus.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { TicketError } from "./errors.ts";
import { attachToTicketMessage } from "./ticket_files.ts";
import { mailAnswer } from "./ticket_mail.ts";
import { ticketNews } from "./ticket_news.ts";
import {
  checkBody,
  type Ticket,
  TICKET_CATEGORIES,
  TICKET_COLUMNS,
  TICKET_FROM,
  TICKET_STATUSES,
  type TicketCategory,
  ticketCounts,
  type TicketRow,
  type TicketStatus,
  toTicket,
} from "./tickets.ts";

/** What the queue shows: a status ("active" is all but solved and closed), a category, whose. */
export interface QueueFilter {
  status: TicketStatus | "active" | "all";
  category?: TicketCategory;
  /** "me": the viewer's; "nobody": unassigned. */
  assignee?: "me" | "nobody";
}

/** Any ticket, for staff; 404 for none. */
export async function staffTicket(db: Queryable, id: number): Promise<Ticket> {
  const [row] = await db.query<TicketRow>(
    `select ${TICKET_COLUMNS} from ${TICKET_FROM} where t.id = $1`,
    [id],
  );
  if (!row) throw new TicketError("notFound");
  return toTicket(row);
}

/** The tickets `filter` names, oldest waiting first, and how many of each status there are. */
export async function ticketQueue(
  db: Queryable,
  viewerId: number,
  filter: QueueFilter,
): Promise<{ tickets: Ticket[]; counts: Record<TicketStatus, number> }> {
  const rows = await db.query<TicketRow>(
    `select ${TICKET_COLUMNS} from ${TICKET_FROM}
     where ($1 = 'all' or ($1 = 'active' and t.status not in ('solved', 'closed')) or t.status = $1)
       and ($2::text is null or t.category = $2)
       and ($3::text is null or ($3 = 'me' and t.assignee_id = $4)
         or ($3 = 'nobody' and t.assignee_id is null))
     order by (t.status = 'new') desc, t.updated_at asc, t.id
     limit 500`,
    [filter.status, filter.category ?? null, filter.assignee ?? null, viewerId],
  );
  return { tickets: rows.map(toTicket), counts: await ticketCounts(db) };
}

export function isCategory(value: string): value is TicketCategory {
  return TICKET_CATEGORIES.includes(value as TicketCategory);
}

/**
 * Staff answer ticket `ticket`, or with `internal` leave a note the asker never sees. An answer
 * sets the status (waiting for the asker unless said otherwise), counts as the first response
 * when it is one, and goes to the asker live and by mail.
 */
export async function answerAsStaff(
  deps: { db: Db; key: Uint8Array; mailQueued: () => void },
  staffId: number,
  ticket: Ticket,
  input: {
    body: string;
    internal: boolean;
    status?: string;
    origin: string;
    attachments?: string[];
  },
): Promise<void> {
  const files = input.attachments ?? [];
  const body = checkBody(input.body, files.length > 0);
  const status = input.status || "waiting";
  if (!input.internal && !["open", "waiting", "solved"].includes(status)) {
    throw new TicketError("status");
  }
  let mailed = false;
  await withEvents(deps.db, async (tx, emit) => {
    await tx.query("select 1 from tickets where id = $1 for update", [ticket.id]);
    const [message] = await tx.query<{ id: number }>(
      `insert into ticket_messages (ticket_id, author_id, from_staff, internal, body)
       values ($1, $2, true, $3, $4) returning id`,
      [ticket.id, staffId, input.internal, body],
    );
    await attachToTicketMessage(tx, staffId, Number(message.id), files);
    if (input.internal) {
      await tx.query("update tickets set updated_at = now() where id = $1", [ticket.id]);
    } else {
      await tx.query(
        `update tickets set updated_at = now(), status = $2,
           first_response_at = coalesce(first_response_at, now()),
           solved_at = case when $2 = 'solved' then now() end
         where id = $1`,
        [ticket.id, status],
      );
      mailed = await mailAnswer(tx, deps.key, input.origin, ticket, body);
    }
    await audit(tx, {
      actorId: staffId,
      action: input.internal ? "ticket.noted" : "ticket.answered",
      target: `ticket #${ticket.id}`,
      targetUserId: ticket.userId ?? undefined,
      details: input.internal ? {} : { status },
    });
    emit(await ticketNews(tx, ticket.id, input.internal ? null : ticket.userId));
  });
  if (mailed) deps.mailQueued();
}

/** Sets ticket `ticket`'s status. */
export async function setTicketStatus(
  db: Db,
  staffId: number,
  ticket: Ticket,
  status: string,
): Promise<void> {
  if (!TICKET_STATUSES.includes(status as TicketStatus)) throw new TicketError("status");
  await withEvents(db, async (tx, emit) => {
    await tx.query(
      `update tickets set status = $2, updated_at = now(),
         solved_at = case when $2 = 'solved' then now() end
       where id = $1`,
      [ticket.id, status],
    );
    await audit(tx, {
      actorId: staffId,
      action: "ticket.status",
      target: `ticket #${ticket.id}`,
      targetUserId: ticket.userId ?? undefined,
      details: { from: ticket.status, to: status },
    });
    emit(await ticketNews(tx, ticket.id, ticket.userId));
  });
}

/** Gives ticket `ticket` to staff member `assigneeId`, or to nobody. */
export async function assignTicket(
  db: Db,
  staffId: number,
  ticket: Ticket,
  assigneeId: number | null,
): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    if (assigneeId !== null) {
      const [staff] = await tx.query(
        "select 1 from users where id = $1 and role <> 'user' and deleted_at is null",
        [assigneeId],
      );
      if (!staff) throw new TicketError("assignee");
    }
    await tx.query(
      `update tickets set assignee_id = $2, updated_at = now(),
         status = case when status = 'new' and $2::bigint is not null then 'open' else status end
       where id = $1`,
      [ticket.id, assigneeId],
    );
    await audit(tx, {
      actorId: staffId,
      action: "ticket.assigned",
      target: `ticket #${ticket.id}`,
      details: { to: assigneeId },
    });
    emit(await ticketNews(tx, ticket.id, null));
  });
}

/** The support staff, for assigning. */
export async function staffMembers(db: Queryable): Promise<{ id: number; username: string }[]> {
  const rows = await db.query<{ id: number; username: string }>(
    `select id, username from users where role <> 'user' and deleted_at is null
     order by lower(username)`,
  );
  return rows.map((row) => ({ id: Number(row.id), username: row.username }));
}

export interface CannedReply {
  id: number;
  title: string;
  body: string;
}

export async function cannedReplies(db: Queryable): Promise<CannedReply[]> {
  const rows = await db.query<CannedReply>(
    "select id, title, body from canned_replies order by lower(title), id",
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function addCannedReply(
  db: Db,
  staffId: number,
  input: { title: string; body: string },
): Promise<void> {
  const title = input.title.trim();
  if (!title) throw new TicketError("subjectEmpty");
  if (title.length > 200) throw new TicketError("subjectLong");
  const body = checkBody(input.body);
  await db.transaction(async (tx) => {
    await tx.query(
      "insert into canned_replies (title, body, created_by) values ($1, $2, $3)",
      [title, body, staffId],
    );
    await audit(tx, { actorId: staffId, action: "canned.added", target: title });
  });
}

export async function removeCannedReply(db: Db, staffId: number, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ title: string }>(
      "delete from canned_replies where id = $1 returning title",
      [id],
    );
    if (!row) throw new TicketError("notFound");
    await audit(tx, { actorId: staffId, action: "canned.removed", target: row.title });
  });
}
