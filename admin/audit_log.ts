/**
 * The audit log: every admin and support action, written in the same transaction as the action,
 * so that nothing is done without its entry and no entry tells of what rolled back.
 */
import type { Queryable } from "../db/mod.ts";

/** What staff can do, as the log names it. */
export type AuditAction =
  | "role.granted"
  | "user.suspended"
  | "user.unsuspended"
  | "user.twoFactorReset"
  | "user.passwordResetForced"
  | "user.deleted"
  | "ticket.answered"
  | "ticket.noted"
  | "ticket.status"
  | "ticket.assigned"
  | "canned.added"
  | "canned.removed"
  | "report.resolved";

export interface AuditEntry {
  id: number;
  at: Date;
  /** Null for what the installation did itself (ADMIN_USERNAMES, the command line). */
  actorId: number | null;
  actorName: string | null;
  action: AuditAction;
  targetUserId: number | null;
  targetName: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

/** Writes an entry; `tx` is the transaction of the action it records. */
export async function audit(
  tx: Queryable,
  entry: {
    actorId: number | null;
    action: AuditAction;
    targetUserId?: number;
    target?: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.query(
    // As text, cast by the database: a string sent as jsonb would be kept as a JSON string.
    `insert into audit_log (actor_id, action, target_user_id, target, details)
     values ($1, $2, $3, $4, $5::text::jsonb)`,
    [
      entry.actorId,
      entry.action,
      entry.targetUserId ?? null,
      entry.target ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** The newest entries, `limit` of them, before entry `before` when paging back. */
export async function auditEntries(
  db: Queryable,
  options: { limit: number; before?: number; targetUserId?: number },
): Promise<AuditEntry[]> {
  const rows = await db.query<{
    id: number;
    at: Date;
    actor_id: number | null;
    actor_name: string | null;
    action: AuditAction;
    target_user_id: number | null;
    target_name: string | null;
    target: string | null;
    details: Record<string, unknown>;
  }>(
    `select a.id, a.at, a.actor_id, actor.username as actor_name, a.action, a.target_user_id,
       target.username as target_name, a.target, a.details
     from audit_log a
     left join users actor on actor.id = a.actor_id
     left join users target on target.id = a.target_user_id
     where ($2::bigint is null or a.id < $2) and ($3::bigint is null or a.target_user_id = $3)
     order by a.id desc limit $1`,
    [options.limit, options.before ?? null, options.targetUserId ?? null],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    at: new Date(row.at),
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorName: row.actor_name,
    action: row.action,
    targetUserId: row.target_user_id === null ? null : Number(row.target_user_id),
    targetName: row.target_name,
    target: row.target,
    details: row.details,
  }));
}
