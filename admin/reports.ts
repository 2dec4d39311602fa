/**
 * Reports: any reader of a message may report it to the admins, with a reason. Admins see each
 * reported message with the messages around it, and delete it, warn its sender, suspend them, or
 * let it be; every report of the message is then resolved, and the audit log says what was done.
 */
import type { AccountDeps } from "../accounts/deps.ts";
import { requireMember } from "../chats/access.ts";
import { eraseMessage } from "../chats/manage.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { type Lang, translator } from "../i18n/mod.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { audit } from "./audit_log.ts";
import { suspendUser } from "./users.ts";

import type { ReportReason } from "./report_reasons.ts";

export const NOTE_MAX = 500;

/**
 * `userId` reports message `messageId`: one they may read, not their own. Reporting it again
 * changes nothing.
 */
export async function reportMessage(
  db: Queryable,
  userId: number,
  input: { messageId: number; reason: ReportReason; note?: string },
): Promise<void> {
  const [message] = await db.query<{ chat_id: number; sender_id: number | null; type: string }>(
    `select chat_id, sender_id, content_type as type from messages
     where id = $1 and deleted_at is null`,
    [input.messageId],
  );
  if (!message) throw new HttpError(404, "No such message");
  await requireMember(db, Number(message.chat_id), userId);
  if (message.sender_id !== null && Number(message.sender_id) === userId) {
    throw new HttpError(409, "One's own message is not reported");
  }
  if (message.type === "system") throw new HttpError(409, "A system message is not reported");
  await db.query(
    `insert into reports (message_id, reporter_id, reason, note) values ($1, $2, $3, $4)
     on conflict (message_id, reporter_id) do nothing`,
    [input.messageId, userId, input.reason, input.note?.trim() || null],
  );
}

/** A message in a report's context. */
export interface ContextMessage {
  id: number;
  sender: string | null;
  content: string;
  type: string;
  createdAt: Date;
}

export interface ReportedMessage {
  messageId: number;
  chatId: number;
  chatTitle: string | null;
  senderId: number | null;
  sender: string | null;
  reports: { reporter: string | null; reason: ReportReason; note: string | null; at: Date }[];
  /** The message, with up to three before and after it in its chat. */
  context: ContextMessage[];
}

/** Messages with reports not yet resolved, those reported first first; at most `limit`. */
export async function openReports(db: Queryable, limit = 50): Promise<ReportedMessage[]> {
  const reported = await db.query<{
    message_id: number;
    chat_id: number;
    title: string | null;
    sender_id: number | null;
    sender: string | null;
    reports: { reporter: string | null; reason: ReportReason; note: string | null; at: string }[];
  }>(
    `select r.message_id, m.chat_id, c.title, m.sender_id, u.username as sender,
       json_agg(json_build_object('reporter', ru.username, 'reason', r.reason, 'note', r.note,
         'at', r.created_at) order by r.created_at) as reports
     from reports r
     join messages m on m.id = r.message_id
     join chats c on c.id = m.chat_id
     left join users u on u.id = m.sender_id
     left join users ru on ru.id = r.reporter_id
     where r.resolved_at is null
     group by r.message_id, m.chat_id, c.title, m.sender_id, u.username
     order by min(r.created_at)
     limit $1`,
    [limit],
  );
  const out: ReportedMessage[] = [];
  for (const row of reported) {
    const context = await db.query<
      { id: number; sender: string | null; content: string; type: string; created_at: Date }
    >(
      `(select m.id, u.username as sender, m.content, m.content_type as type, m.created_at
        from messages m left join users u on u.id = m.sender_id
        where m.chat_id = $1 and m.id <= $2 and m.deleted_at is null order by m.id desc limit 4)
       union all
       (select m.id, u.username, m.content, m.content_type, m.created_at
        from messages m left join users u on u.id = m.sender_id
        where m.chat_id = $1 and m.id > $2 and m.deleted_at is null order by m.id limit 3)
       order by id`,
      [row.chat_id, row.message_id],
    );
    out.push({
      messageId: Number(row.message_id),
      chatId: Number(row.chat_id),
      chatTitle: row.title,
      senderId: row.sender_id === null ? null : Number(row.sender_id),
      sender: row.sender,
      reports: row.reports.map((r) => ({ ...r, at: new Date(r.at) })),
      context: context.map((m) => ({
        id: Number(m.id),
        sender: m.sender,
        content: m.content,
        type: m.type,
        createdAt: new Date(m.created_at),
      })),
    });
  }
  return out;
}

export type Outcome = "deleted" | "warned" | "suspended" | "dismissed";

/**
 * Resolves the reports of message `messageId` with `outcome`: deletes the message, mails its
 * sender a warning giving `reason`, suspends them for `reason`, or leaves things as they are.
 */
export async function resolveReports(
  deps: AccountDeps,
  actorId: number,
  messageId: number,
  outcome: Outcome,
  reason = "",
): Promise<void> {
  const db: Db = deps.db;
  if (outcome === "warned" && !reason.trim()) {
    throw new HttpError(422, "reason: say what the warning is for");
  }
  const [message] = await db.query<
    { chat_id: number; sender_id: number | null; email: string | null; lang: Lang }
  >(
    `select m.chat_id, m.sender_id, u.email, u.lang from messages m
     left join users u on u.id = m.sender_id where m.id = $1`,
    [messageId],
  );
  if (!message) throw new HttpError(404, "No such message");
  const senderId = message.sender_id === null ? undefined : Number(message.sender_id);
  if (outcome === "suspended") {
    if (senderId === undefined) throw new HttpError(409, "The sender's account is gone");
    await suspendUser(deps, actorId, senderId, reason);
  }
  if (outcome === "deleted") await eraseMessage(db, Number(message.chat_id), messageId);
  await db.transaction(async (tx) => {
    const resolved = await tx.query(
      `update reports set resolved_at = now(), resolved_by = $2, outcome = $3
       where message_id = $1 and resolved_at is null returning id`,
      [messageId, actorId, outcome],
    );
    if (resolved.length === 0) throw new HttpError(409, "Its reports are resolved already");
    if (outcome === "warned" && message.email) {
      const t = translator(message.lang);
      await enqueueMail(tx, {
        to: message.email,
        subject: t("mail.warning.subject"),
        body: t("mail.warning.body", { reason: reason.trim() }),
      });
    }
    await audit(tx, {
      actorId,
      action: "report.resolved",
      targetUserId: senderId,
      target: `message #${messageId}`,
      details: { outcome, ...(reason.trim() ? { reason: reason.trim() } : {}) },
    });
  });
  if (outcome === "warned") deps.mailQueued();
}
