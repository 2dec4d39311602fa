/**
 * Support tickets as their askers see them: opening one (signed in, or as a guest with an e-mail
 * address), reading its conversation without staff's notes, and answering, which reopens a solved
 * one. Staff's side is in `staff_desk.ts`.
 */
import type { Db, Queryable } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import { emailProblem } from "../accounts/rules.ts";
import { TicketError } from "./errors.ts";
import { withEvents } from "../chats/event_bus.ts";
import { type Attachment, type AttachmentRecord, withUrls } from "../chats/message_rows.ts";
import { attachToTicketMessage } from "./ticket_files.ts";
import { ticketNews } from "./ticket_news.ts";

export const TICKET_CATEGORIES = ["account", "chats", "files", "bug", "other"] as const;
export type TicketCategory = typeof TICKET_CATEGORIES[number];
export const TICKET_STATUSES = ["new", "open", "waiting", "solved", "closed"] as const;
export type TicketStatus = typeof TICKET_STATUSES[number];

export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;

export interface Ticket {
  id: number;
  userId: number | null;
  /** The asker's name to show: their username, or a guest's address. */
  asker: string;
  guestEmail: string | null;
  lang: Lang;
  category: TicketCategory;
  subject: string;
  status: TicketStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TicketMessage {
  id: number;
  /** The author's name; null for the guest who opened the ticket. */
  author: string | null;
  fromStaff: boolean;
  internal: boolean;
  body: string;
  attachments: Attachment[];
  createdAt: Date;
}

/** The asker: a signed-in user, or a guest known by an address. */
export type Asker = { userId: number } | { guestEmail: string };

export const TICKET_COLUMNS = `t.id, t.user_id, coalesce(u.username, t.guest_email) as asker,
  t.guest_email, t.lang, t.category, t.subject, t.status, t.assignee_id,
  a.username as assignee_name, t.created_at, t.updated_at`;
export const TICKET_FROM = `tickets t left join users u on u.id = t.user_id
  left join users a on a.id = t.assignee_id`;

export interface TicketRow {
  id: number;
  user_id: number | null;
  asker: string;
  guest_email: string | null;
  lang: Lang;
  category: TicketCategory;
  subject: string;
  status: TicketStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toTicket = (row: TicketRow): Ticket => ({
  id: Number(row.id),
  userId: row.user_id === null ? null : Number(row.user_id),
  asker: row.asker,
  guestEmail: row.guest_email,
  lang: row.lang,
  category: row.category,
  subject: row.subject,
  status: row.status,
  assigneeId: row.assignee_id === null ? null : Number(row.assignee_id),
  assigneeName: row.assignee_name,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** A message's text: required unless files come with it, within the limit. */
export function checkBody(body: string, withFiles = false): string {
  const trimmed = body.trim();
  if (!trimmed && !withFiles) throw new TicketError("bodyEmpty");
  if (trimmed.length > BODY_MAX) throw new TicketError("bodyLong");
  return trimmed;
}

/** Opens a ticket; its id. Checked whole before anything is stored. */
export async function openTicket(
  db: Db,
  asker: Asker,
  input: { category: string; subject: string; body: string; lang: Lang; attachments?: string[] },
): Promise<number> {
  if (!TICKET_CATEGORIES.includes(input.category as TicketCategory)) {
    throw new TicketError("category");
  }
  const subject = input.subject.trim();
  if (!subject) throw new TicketError("subjectEmpty");
  if (subject.length > SUBJECT_MAX) throw new TicketError("subjectLong");
  const files = "userId" in asker ? input.attachments ?? [] : [];
  const body = checkBody(input.body, files.length > 0);
  const guestEmail = "guestEmail" in asker ? asker.guestEmail.trim() : null;
  if (guestEmail !== null && emailProblem(guestEmail)) throw new TicketError("email");
  const userId = "userId" in asker ? asker.userId : null;
  const id = await withEvents(db, async (tx, emit) => {
    const [ticket] = await tx.query<{ id: number }>(
      `insert into tickets (user_id, guest_email, lang, category, subject)
       values ($1, $2, $3, $4, $5) returning id`,
      [userId, guestEmail, input.lang, input.category, subject],
    );
    const [message] = await tx.query<{ id: number }>(
      `insert into ticket_messages (ticket_id, author_id, from_staff, body)
       values ($1, $2, false, $3) returning id`,
      [ticket.id, userId, body],
    );
    if (userId !== null) await attachToTicketMessage(tx, userId, Number(message.id), files);
    emit(await ticketNews(tx, Number(ticket.id), userId));
    return Number(ticket.id);
  });
  return id;
}

/** Ticket `id` if `userId` asked it; else 404, as for one that does not exist. */
export async function ownTicket(db: Queryable, userId: number, id: number): Promise<Ticket> {
  const [row] = await db.query<TicketRow>(
    `select ${TICKET_COLUMNS} from ${TICKET_FROM} where t.id = $1 and t.user_id = $2`,
    [id, userId],
  );
  if (!row) throw new TicketError("notFound");
  return toTicket(row);
}

/** Guest ticket `id`, whose link was checked (`guest_links.ts`); 404 for none. */
export async function guestTicket(db: Queryable, id: number): Promise<Ticket> {
  const [row] = await db.query<TicketRow>(
    `select ${TICKET_COLUMNS} from ${TICKET_FROM} where t.id = $1 and t.guest_email is not null`,
    [id],
  );
  if (!row) throw new TicketError("notFound");
  return toTicket(row);
}

/** The tickets `userId` opened, latest activity first. */
export async function ticketsOf(db: Queryable, userId: number): Promise<Ticket[]> {
  const rows = await db.query<TicketRow>(
    `select ${TICKET_COLUMNS} from ${TICKET_FROM} where t.user_id = $1
     order by t.updated_at desc, t.id desc limit 200`,
    [userId],
  );
  return rows.map(toTicket);
}

/** Ticket `id`'s conversation after message `after`; staff's notes only when `withNotes`. */
export async function ticketThread(
  db: Queryable,
  id: number,
  options: { withNotes: boolean; after?: number },
): Promise<TicketMessage[]> {
  const rows = await db.query<{
    id: number;
    author: string | null;
    from_staff: boolean;
    internal: boolean;
    body: string;
    attachments: AttachmentRecord[];
    created_at: Date;
  }>(
    `select m.id, u.username as author, m.from_staff, m.internal, m.body, m.attachments,
       m.created_at
     from ticket_messages m left join users u on u.id = m.author_id
     where m.ticket_id = $1 and m.id > $2 and ($3 or not m.internal)
     order by m.id`,
    [id, options.after ?? 0, options.withNotes],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    author: row.author,
    fromStaff: row.from_staff,
    internal: row.internal,
    body: row.body,
    attachments: withUrls(row.attachments),
    createdAt: new Date(row.created_at),
  }));
}

/**
 * The asker answers: the message is added, and a ticket solved or waiting for them is open again.
 * A closed one takes no more (409): they open a new one.
 */
export async function answerAsAsker(
  db: Db,
  ticket: Ticket,
  body: string,
  attachments: string[] = [],
): Promise<void> {
  const files = ticket.userId === null ? [] : attachments;
  const text = checkBody(body, files.length > 0);
  await withEvents(db, async (tx, emit) => {
    const [row] = await tx.query<{ status: TicketStatus }>(
      "select status from tickets where id = $1 for update",
      [ticket.id],
    );
    if (row.status === "closed") throw new TicketError("closed");
    const [message] = await tx.query<{ id: number }>(
      `insert into ticket_messages (ticket_id, author_id, from_staff, body)
       values ($1, $2, false, $3) returning id`,
      [ticket.id, ticket.userId, text],
    );
    if (ticket.userId !== null) {
      await attachToTicketMessage(tx, ticket.userId, Number(message.id), files);
    }
    await tx.query(
      `update tickets set updated_at = now(),
         status = case when status in ('solved', 'waiting') then 'open' else status end,
         solved_at = null
       where id = $1`,
      [ticket.id],
    );
    emit(await ticketNews(tx, ticket.id, ticket.userId));
  });
}

/** How many tickets there are of each status. */
export async function ticketCounts(db: Queryable): Promise<Record<TicketStatus, number>> {
  const rows = await db.query<{ status: TicketStatus; n: number }>(
    "select status, count(*)::int as n from tickets group by status",
  );
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<
    TicketStatus,
    number
  >;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Closes tickets solved more than `days` days before `now`; how many. */
export async function closeSolved(db: Queryable, now: Date, days = 7): Promise<number> {
  const rows = await db.query(
    `update tickets set status = 'closed', updated_at = $1
     where status = 'solved' and solved_at < $2 returning id`,
    [now, new Date(now.getTime() - days * 86_400_000)],
  );
  return rows.length;
}
