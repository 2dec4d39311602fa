/**
 * What a signed-in user changes about their account: names, avatar, privacy, password,
 * e-mail address; and deleting it.
 */
import type { Queryable } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import { processAvatar } from "./avatar.ts";
import type { AccountDeps } from "./deps.ts";
import { AccountError } from "./errors.ts";
import { consumeLink } from "./links.ts";
import { mailLink } from "./mail.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { DISPLAY_NAME_MAX, emailProblem, usernameProblem } from "./rules.ts";
import { checkNewPassword, takenError } from "./signin.ts";
import type { Privacy } from "./users.ts";

async function requirePassword(deps: AccountDeps, userId: number, password: string) {
  const [user] = await deps.db.query<{ password_hash: string }>(
    "select password_hash from users where id = $1",
    [userId],
  );
  if (!user || !await verifyPassword(password, user.password_hash)) {
    throw new AccountError(403, "password.wrong", "password");
  }
}

/** Renames the account, under the same rules as registration. */
export async function changeUsername(deps: AccountDeps, userId: number, username: string) {
  const name = username.trim();
  const problem = usernameProblem(name);
  if (problem) throw new AccountError(422, problem, "username");
  try {
    await deps.db.query("update users set username = $2 where id = $1", [userId, name]);
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/** Sets the name shown instead of the username; empty clears it. */
export async function changeDisplayName(deps: AccountDeps, userId: number, displayName: string) {
  const name = displayName.trim().replace(/\s+/g, " ");
  if (name.length > DISPLAY_NAME_MAX) {
    throw new AccountError(422, "displayName.long", "displayName");
  }
  await deps.db.query("update users set display_name = $2 where id = $1", [userId, name || null]);
}

/** Stores a new avatar from an uploaded image. */
export async function changeAvatar(
  deps: AccountDeps,
  userId: number,
  upload: { bytes: Uint8Array; type: string },
) {
  const jpeg = await processAvatar(upload.bytes, upload.type);
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `insert into avatars (user_id, mime, data, updated_at) values ($1, 'image/jpeg', $2, $3)
       on conflict (user_id) do update set mime = excluded.mime, data = excluded.data,
         updated_at = excluded.updated_at`,
      [userId, jpeg, deps.clock()],
    );
    await tx.query("update users set avatar_version = avatar_version + 1 where id = $1", [userId]);
  });
}

/** Removes the avatar. */
export async function removeAvatar(deps: AccountDeps, userId: number) {
  await deps.db.transaction(async (tx) => {
    await tx.query("delete from avatars where user_id = $1", [userId]);
    await tx.query("update users set avatar_version = 0 where id = $1", [userId]);
  });
}

/** Sets who may find, message and see the user, and what their notifications show. */
export async function changePrivacy(deps: AccountDeps, userId: number, privacy: Privacy) {
  await deps.db.query(
    `update users set find_by = $2, message_from = $3, last_seen_visible_to = $4,
       group_add_from = $5, push_shows_text = $6 where id = $1`,
    [
      userId,
      privacy.findBy,
      privacy.messageFrom,
      privacy.lastSeenVisibleTo,
      privacy.groupAddFrom,
      privacy.pushShowsText,
    ],
  );
}

/** Remembers the language mail should be written in. */
export async function changeLang(deps: AccountDeps, userId: number, lang: Lang) {
  await deps.db.query("update users set lang = $2 where id = $1", [userId, lang]);
}

/** Changes the password, given the current one, and ends every other session. */
export async function changePassword(
  deps: AccountDeps,
  session: { userId: number; tokenId: number },
  input: { current: string; next: string },
): Promise<number> {
  await requirePassword(deps, session.userId, input.current);
  const [user] = await deps.db.query<{ username: string; email: string | null }>(
    "select username, email from users where id = $1",
    [session.userId],
  );
  checkNewPassword(input.next, [user.username, user.email ?? ""], "next");
  const hash = await hashPassword(input.next);
  return await deps.db.transaction(async (tx) => {
    await tx.query(
      "update users set password_hash = $2, password_changed_at = $3 where id = $1",
      [session.userId, hash, deps.clock()],
    );
    return await deps.sessions.revokeAll(session.userId, session.tokenId, tx);
  });
}

/** Sends a confirmation link to a new address; the address changes when it is followed. */
export async function requestEmailChange(
  deps: AccountDeps,
  userId: number,
  input: { email: string; password: string; origin: string },
) {
  const email = input.email.trim();
  const problem = emailProblem(email);
  if (problem) throw new AccountError(422, problem, "email");
  await requirePassword(deps, userId, input.password);
  await deps.throttle.takeOrRefuse([{ kind: "mailTo", id: `user:${userId}` }]);
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.query<{ username: string; email: string | null; lang: Lang }>(
      "select username, email, lang from users where id = $1",
      [userId],
    );
    if (user.email?.toLowerCase() === email.toLowerCase()) {
      throw new AccountError(422, "email.same", "email");
    }
    const [taken] = await tx.query(
      "select 1 from users where lower(email) = lower($1) and id <> $2",
      [email, userId],
    );
    if (taken) throw new AccountError(409, "email.taken", "email");
    await mailLink(tx, {
      purpose: "change_email",
      userId,
      email,
      username: user.username,
      lang: user.lang,
      origin: input.origin,
      now: deps.clock(),
    });
  });
  deps.mailQueued();
}

/** Follows an address-change link: the new address becomes the account's, confirmed. */
export async function confirmEmailChange(deps: AccountDeps, token: string): Promise<boolean> {
  try {
    return await deps.db.transaction(async (tx) => {
      const link = await consumeLink(tx, token, "change_email", deps.clock());
      if (!link) return false;
      const updated = await tx.query(
        `update users set email = $2, email_confirmed_at = $3, email_claim = null
         where id = $1 and deleted_at is null returning id`,
        [link.userId, link.email, deps.clock()],
      );
      return updated.length > 0;
    });
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/**
 * Deletes the account: personal data goes, the row stays renamed so that the messages the
 * user wrote remain, shown as from a deleted user.
 */
export async function deleteAccount(deps: AccountDeps, userId: number, password: string) {
  await requirePassword(deps, userId, password);
  await deps.db.transaction((tx) => eraseAccount(deps, tx, userId));
}

/**
 * Deletes account `userId` within `tx`: the row stays, nameless, so that its messages show as
 * from a deleted user; what identifies or signs in as the person goes, and every session ends.
 */
export async function eraseAccount(deps: AccountDeps, tx: Queryable, userId: number) {
  await tx.query(
    `update users set username = 'deleted_' || id, email = null, email_claim = null,
       display_name = null, password_hash = '', email_confirmed_at = null, avatar_version = 0,
       totp_secret = null, totp_enabled_at = null, last_seen_at = null, deleted_at = $2,
       role = 'user'
     where id = $1`,
    [userId, deps.clock()],
  );
  await tx.query("delete from avatars where user_id = $1", [userId]);
  await tx.query("delete from totp_recovery_codes where user_id = $1", [userId]);
  await tx.query("delete from email_links where user_id = $1", [userId]);
  await tx.query("delete from contacts where owner_id = $1 or contact_id = $1", [userId]);
  await tx.query("delete from blocks where blocker_id = $1", [userId]);
  await deps.sessions.revokeAll(userId, undefined, tx);
}
