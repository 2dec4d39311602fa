/**
 * One-time links sent by e-mail (confirmation, password reset, address change, finishing a
 * sign-in while the password is being guessed). The link
 * carries a random token; only its hash is stored, and using it is one atomic update.
 */
import type { Queryable } from "../db/mod.ts";
import { randomToken, sha256Hex } from "../lib/crypto.ts";

export type LinkPurpose = "confirm" | "reset" | "change_email" | "signin";

/** How long each kind of link stays valid. */
export const LINK_TTL_SECONDS: Record<LinkPurpose, number> = {
  confirm: 24 * 3600,
  reset: 3600,
  change_email: 24 * 3600,
  signin: 15 * 60,
};

/** Creates a link for `userId` and `email`, ending its earlier unused links of that purpose. */
export async function createLink(
  db: Queryable,
  link: { userId: number; purpose: LinkPurpose; email: string; now: Date },
): Promise<string> {
  const token = randomToken();
  const expiresAt = new Date(link.now.getTime() + LINK_TTL_SECONDS[link.purpose] * 1000);
  await db.query(
    `update email_links set used_at = $3
     where user_id = $1 and purpose = $2 and used_at is null`,
    [link.userId, link.purpose, link.now],
  );
  await db.query(
    `insert into email_links (user_id, purpose, token_hash, email, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [link.userId, link.purpose, await sha256Hex(token), link.email, link.now, expiresAt],
  );
  return token;
}

/** Uses a link once; undefined when it is unknown, used, expired or for another purpose. */
export async function consumeLink(
  db: Queryable,
  token: string,
  purpose: LinkPurpose,
  now: Date,
): Promise<{ userId: number; email: string; createdAt: Date } | undefined> {
  const [row] = await db.query<{ user_id: number; email: string; created_at: Date }>(
    `update email_links set used_at = $3
     where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3
     returning user_id, email, created_at`,
    [await sha256Hex(token), purpose, now],
  );
  return row && { userId: row.user_id, email: row.email, createdAt: row.created_at };
}
