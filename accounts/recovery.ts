/**
 * Password recovery: a reset link mailed to the account's address, and a new password set with
 * it. Asking answers the same whether or not the account exists.
 */
import type { Lang } from "../i18n/mod.ts";
import { sha256Hex } from "../lib/crypto.ts";
import type { AccountDeps } from "./deps.ts";
import { AccountError } from "./errors.ts";
import { consumeLink } from "./links.ts";
import { mailLink } from "./mail.ts";
import { hashPassword } from "./passwords.ts";
import type { ClientInfo } from "./sessions.ts";
import { checkNewPassword, findByLogin, type SignedIn } from "./signin.ts";

/**
 * Sends a reset link when `login` names an account with an address. The caller answers the
 * same either way, so nobody learns whether the account exists.
 */
export async function requestRecovery(
  deps: AccountDeps,
  login: string,
  origin: string,
  client: ClientInfo,
): Promise<void> {
  const trimmed = login.trim();
  // Counted by the name asked for, whether an account has it or not, so a 429 tells nothing.
  await deps.throttle.takeOrRefuse([
    { kind: "mailIp", id: client.ip },
    { kind: "mailTo", id: `login:${trimmed.toLowerCase()}` },
  ]);
  await deps.db.transaction(async (tx) => {
    const user = await findByLogin<
      { id: number; username: string; email: string | null; lang: Lang }
    >(tx, "id, username, email, lang", trimmed);
    if (!user?.email) return;
    await mailLink(tx, {
      purpose: "reset",
      userId: user.id,
      email: user.email,
      username: user.username,
      lang: user.lang,
      origin,
      now: deps.clock(),
    });
  });
  deps.mailQueued();
}

/** Whether a reset link is still good, to show the form or an error before anything is typed. */
export async function resetLinkValid(deps: AccountDeps, token: string): Promise<boolean> {
  const rows = await deps.db.query(
    `select 1 from email_links where token_hash = $1 and purpose = 'reset'
     and used_at is null and expires_at > $2`,
    [await sha256Hex(token), deps.clock()],
  );
  return rows.length > 0;
}

/** Sets a new password with a reset link, ends every session, and opens a new one. */
export async function resetPassword(
  deps: AccountDeps,
  input: { token: string; password: string },
  client: ClientInfo,
): Promise<SignedIn> {
  const now = deps.clock();
  const created = await deps.db.transaction(async (tx) => {
    const link = await consumeLink(tx, input.token, "reset", now);
    if (!link) throw new AccountError(410, "link.invalid");
    const [user] = await tx.query<{ username: string; email: string | null }>(
      "select username, email from users where id = $1 and deleted_at is null",
      [link.userId],
    );
    if (!user) throw new AccountError(410, "link.invalid");
    checkNewPassword(input.password, [user.username, user.email ?? ""]);
    await tx.query(
      "update users set password_hash = $2, password_changed_at = $3 where id = $1",
      [link.userId, await hashPassword(input.password), now],
    );
    await deps.sessions.revokeAll(link.userId, undefined, tx);
    return { userId: link.userId, ...await deps.sessions.create(tx, link.userId, client) };
  });
  return created;
}
