/**
 * What admins do to accounts: find and look at them (never at what they wrote), suspend and let
 * back, reset a second factor whose owner lost it, force a new password, delete. Each is written
 * to the audit log with the change, in one transaction.
 */
import type { AccountDeps } from "../accounts/deps.ts";
import { mailLink } from "../accounts/mail.ts";
import { eraseAccount } from "../accounts/profile.ts";
import type { Queryable } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import { audit } from "./audit_log.ts";
import { AdminError } from "./errors.ts";
import type { Role } from "./roles.ts";

/** An account as an admin sees it in a list. */
export interface UserSummary {
  id: number;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  createdAt: Date;
  lastSeenAt: Date | null;
  suspendedAt: Date | null;
}

/** One account in full, with what it holds counted, not shown. */
export interface UserDetails extends UserSummary {
  emailConfirmed: boolean;
  totpEnabled: boolean;
  suspendedReason: string | null;
  liveSessions: number;
  chats: number;
  fileBytes: number;
}

/** How long a reason or a note may be. */
export const REASON_MAX = 500;

const SUMMARY =
  `u.id, u.username, u.display_name, coalesce(u.email, u.email_claim) as email, u.role,
  u.created_at, u.last_seen_at, u.suspended_at`;

interface SummaryRow {
  id: number;
  username: string;
  display_name: string | null;
  email: string | null;
  role: Role;
  created_at: Date;
  last_seen_at: Date | null;
  suspended_at: Date | null;
}

const toSummary = (row: SummaryRow): UserSummary => ({
  id: Number(row.id),
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  role: row.role,
  createdAt: new Date(row.created_at),
  lastSeenAt: row.last_seen_at && new Date(row.last_seen_at),
  suspendedAt: row.suspended_at && new Date(row.suspended_at),
});

/**
 * Live accounts whose username, name or address contains `query` (any case), staff and suspended
 * accounts first when `query` is empty; at most `limit`.
 */
export async function findUsers(db: Queryable, query: string, limit = 50): Promise<UserSummary[]> {
  const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.query<SummaryRow>(
    `select ${SUMMARY} from users u
     where u.deleted_at is null and ($1 = '%%' or u.username ilike $1 or u.display_name ilike $1
       or u.email ilike $1 or u.email_claim ilike $1)
     order by ($1 = '%%' and (u.role <> 'user' or u.suspended_at is not null)) desc,
       lower(u.username)
     limit $2`,
    [pattern, limit],
  );
  return rows.map(toSummary);
}

/** Account `userId` in full; 404 for none. */
export async function userDetails(db: Queryable, userId: number): Promise<UserDetails> {
  const [row] = await db.query<
    SummaryRow & {
      email_confirmed_at: Date | null;
      totp_enabled_at: Date | null;
      suspended_reason: string | null;
      live_sessions: number;
      chats: number;
      file_bytes: number;
    }
  >(
    `select ${SUMMARY}, u.email_confirmed_at, u.totp_enabled_at, u.suspended_reason,
       (select count(*) from tokens t where t.user_id = u.id and t.revoked_at is null
         and t.expires_at > now())::int as live_sessions,
       (select count(*) from chat_members m where m.user_id = u.id)::int as chats,
       (select coalesce(sum(size), 0) from uploads f where f.owner_id = u.id)::float8 as file_bytes
     from users u where u.id = $1 and u.deleted_at is null`,
    [userId],
  );
  if (!row) throw new AdminError("notFound");
  return {
    ...toSummary(row),
    emailConfirmed: row.email_confirmed_at !== null,
    totpEnabled: row.totp_enabled_at !== null,
    suspendedReason: row.suspended_reason,
    liveSessions: Number(row.live_sessions),
    chats: Number(row.chats),
    fileBytes: Number(row.file_bytes),
  };
}

/** A reason or note an admin types: required, and not a novel. */
function note(value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new AdminError("reasonRequired");
  if (trimmed.length > REASON_MAX) throw new AdminError("reasonLong");
  return trimmed;
}

/** Locks account `userId` for an action on it; 404 for none, 409 for the admin themselves. */
async function target(tx: Queryable, actorId: number, userId: number) {
  const [row] = await tx.query<
    { id: number; username: string; email: string | null; lang: Lang; suspended_at: Date | null }
  >(
    `select id, username, email, lang, suspended_at from users
     where id = $1 and deleted_at is null for update`,
    [userId],
  );
  if (!row) throw new AdminError("notFound");
  if (Number(row.id) === actorId) throw new AdminError("self");
  return row;
}

/**
 * Suspends account `userId`: every session ends at once, on every device and process, and signing
 * in is refused with `reason`, which its owner reads.
 */
export async function suspendUser(
  deps: AccountDeps,
  actorId: number,
  userId: number,
  reason: string,
): Promise<void> {
  const why = note(reason);
  await deps.db.transaction(async (tx) => {
    await target(tx, actorId, userId);
    await tx.query(
      "update users set suspended_at = $2, suspended_reason = $3 where id = $1",
      [userId, deps.clock(), why],
    );
    await deps.sessions.revokeAll(userId, undefined, tx);
    await audit(tx, {
      actorId,
      action: "user.suspended",
      targetUserId: userId,
      details: { reason: why },
    });
  });
}

export async function unsuspendUser(deps: AccountDeps, actorId: number, userId: number) {
  await deps.db.transaction(async (tx) => {
    const user = await target(tx, actorId, userId);
    if (!user.suspended_at) throw new AdminError("notSuspended");
    await tx.query(
      "update users set suspended_at = null, suspended_reason = null where id = $1",
      [userId],
    );
    await audit(tx, { actorId, action: "user.unsuspended", targetUserId: userId });
  });
}

/**
 * Turns off the second factor of an owner who lost it, once the admin has checked who they are
 * (`identityCheck` says how, for the log). The owner is told by mail.
 */
export async function resetTwoFactor(
  deps: AccountDeps,
  actorId: number,
  userId: number,
  identityCheck: string,
): Promise<void> {
  const how = note(identityCheck);
  await deps.db.transaction(async (tx) => {
    await target(tx, actorId, userId);
    const changed = await tx.query(
      `update users set totp_secret = null, totp_enabled_at = null
       where id = $1 and totp_enabled_at is not null returning id`,
      [userId],
    );
    if (changed.length === 0) throw new AdminError("twoFactorOff");
    await tx.query("delete from totp_recovery_codes where user_id = $1", [userId]);
    await audit(tx, {
      actorId,
      action: "user.twoFactorReset",
      targetUserId: userId,
      details: { identityCheck: how },
    });
  });
}

/**
 * Makes the password of account `userId` unusable and ends its sessions; its owner gets a link
 * to set a new one at their address. For an account that may be in someone else's hands.
 */
export async function forcePasswordReset(
  deps: AccountDeps,
  actorId: number,
  userId: number,
  origin: string,
): Promise<{ mailed: boolean }> {
  const mailed = await deps.db.transaction(async (tx) => {
    const user = await target(tx, actorId, userId);
    await tx.query(
      "update users set password_hash = '', password_changed_at = $2 where id = $1",
      [userId, deps.clock()],
    );
    await deps.sessions.revokeAll(userId, undefined, tx);
    if (user.email) {
      await mailLink(tx, {
        purpose: "reset",
        userId,
        email: user.email,
        username: user.username,
        lang: user.lang,
        origin,
        now: deps.clock(),
      });
    }
    await audit(tx, {
      actorId,
      action: "user.passwordResetForced",
      targetUserId: userId,
      details: { mailed: user.email !== null },
    });
    return user.email !== null;
  });
  if (mailed) deps.mailQueued();
  return { mailed };
}

/**
 * Deletes account `userId` as its owner could: its messages stay, from a deleted user. `confirm`
 * must be its username, typed again.
 */
export async function deleteUser(
  deps: AccountDeps,
  actorId: number,
  userId: number,
  confirm: string,
) {
  await deps.db.transaction(async (tx) => {
    const user = await target(tx, actorId, userId);
    if (confirm.trim().toLowerCase() !== user.username.toLowerCase()) {
      throw new AdminError("confirmMismatch");
    }
    await eraseAccount(deps, tx, userId);
    await audit(tx, {
      actorId,
      action: "user.deleted",
      targetUserId: userId,
      details: { username: user.username },
    });
  });
}
