/**
 * Two-factor sign-in with TOTP: setting it up (secret, QR code, confirmation with a code,
 * recovery codes), checking codes once each, and turning it off.
 */
import type { AccountDeps } from "./deps.ts";
import { AccountError } from "./errors.ts";
import { verifyPassword } from "./passwords.ts";
import {
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpQrSvg,
  totpStep,
  totpUri,
} from "./totp.ts";

/**
 * Whether `code` is good for `userId`: a TOTP code for a step not used before (the step is
 * recorded in the same statement, so a code cannot be used twice even at once), or, where
 * allowed, an unused recovery code, which is then spent.
 */
export async function checkSecondFactor(
  deps: AccountDeps,
  userId: number,
  code: string,
  options: { allowRecoveryCode?: boolean; secret?: string } = {},
): Promise<boolean> {
  const now = deps.clock();
  const [user] = await deps.db.query<{ totp_secret: string | null }>(
    "select totp_secret from users where id = $1 and deleted_at is null",
    [userId],
  );
  const secret = options.secret ?? user?.totp_secret;
  if (!secret) return false;
  const step = totpStep(secret, code, now);
  if (step !== undefined) {
    const accepted = await deps.db.query(
      "update users set totp_last_step = $2 where id = $1 and totp_last_step < $2 returning id",
      [userId, step],
    );
    return accepted.length > 0;
  }
  if (!options.allowRecoveryCode) return false;
  const spent = await deps.db.query(
    `update totp_recovery_codes set used_at = $3
     where id = (select id from totp_recovery_codes
                 where user_id = $1 and code_hash = $2 and used_at is null limit 1)
     and used_at is null returning id`,
    [userId, await recoveryCodeHash(code), now],
  );
  return spent.length > 0;
}

/** A setup in progress: the secret to show as a QR code and as text. */
export interface TwoFactorSetup {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Starts (or restarts) setting up two-factor sign-in with a new secret. */
export async function beginTwoFactor(deps: AccountDeps, userId: number): Promise<TwoFactorSetup> {
  const [user] = await deps.db.query<{ username: string; totp_enabled_at: Date | null }>(
    "select username, totp_enabled_at from users where id = $1",
    [userId],
  );
  if (user.totp_enabled_at) throw new AccountError(409, "totp.enabled");
  const secret = newTotpSecret();
  await deps.db.query("update users set totp_secret = $2 where id = $1", [userId, secret]);
  return setupOf(secret, user.username);
}

/** The setup in progress, to show it again after a failed confirmation. */
export async function pendingTwoFactor(
  deps: AccountDeps,
  userId: number,
): Promise<TwoFactorSetup | undefined> {
  const [user] = await deps.db.query<
    { username: string; totp_secret: string | null; totp_enabled_at: Date | null }
  >("select username, totp_secret, totp_enabled_at from users where id = $1", [userId]);
  if (!user?.totp_secret || user.totp_enabled_at) return undefined;
  return setupOf(user.totp_secret, user.username);
}

async function setupOf(secret: string, username: string): Promise<TwoFactorSetup> {
  const uri = totpUri(secret, username);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** Confirms the setup with a code from the app; returns the recovery codes, shown only now. */
export async function enableTwoFactor(
  deps: AccountDeps,
  userId: number,
  code: string,
): Promise<string[]> {
  const [user] = await deps.db.query<{ totp_secret: string | null; totp_enabled_at: Date | null }>(
    "select totp_secret, totp_enabled_at from users where id = $1",
    [userId],
  );
  if (user.totp_enabled_at) throw new AccountError(409, "totp.enabled");
  if (!user.totp_secret) throw new AccountError(409, "totp.notStarted");
  if (!await checkSecondFactor(deps, userId, code, { secret: user.totp_secret })) {
    throw new AccountError(422, "totp.invalid", "code");
  }
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(recoveryCodeHash));
  await deps.db.transaction(async (tx) => {
    await tx.query("delete from totp_recovery_codes where user_id = $1", [userId]);
    for (const hash of hashes) {
      await tx.query("insert into totp_recovery_codes (user_id, code_hash) values ($1, $2)", [
        userId,
        hash,
      ]);
    }
    await tx.query("update users set totp_enabled_at = $2 where id = $1", [userId, deps.clock()]);
  });
  return codes;
}

/** Turns two-factor sign-in off; needs the password and a current code (or a recovery code). */
export async function disableTwoFactor(
  deps: AccountDeps,
  userId: number,
  input: { password: string; code: string },
): Promise<void> {
  const [user] = await deps.db.query<{ password_hash: string; totp_enabled_at: Date | null }>(
    "select password_hash, totp_enabled_at from users where id = $1",
    [userId],
  );
  if (!user.totp_enabled_at) throw new AccountError(409, "totp.disabled");
  if (!await verifyPassword(input.password, user.password_hash)) {
    throw new AccountError(403, "password.wrong", "password");
  }
  if (!await checkSecondFactor(deps, userId, input.code, { allowRecoveryCode: true })) {
    throw new AccountError(422, "totp.invalid", "code");
  }
  await deps.db.transaction(async (tx) => {
    await tx.query("delete from totp_recovery_codes where user_id = $1", [userId]);
    await tx.query(
      "update users set totp_secret = null, totp_enabled_at = null where id = $1",
      [userId],
    );
  });
}
