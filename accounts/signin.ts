/**
 * Registration, sign-in (with the two-factor step), sign-out, e-mail confirmation and password
 * recovery: the same rules whether a page or a WebSocket method calls them.
 */
import { jwtVerify, SignJWT } from "jose";
import { type Queryable, uniqueViolation } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import { sha256Hex } from "../lib/crypto.ts";
import type { AccountDeps } from "./deps.ts";
import { AccountError } from "./errors.ts";
import { consumeLink } from "./links.ts";
import { mailLink } from "./mail.ts";
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from "./passwords.ts";
import {
  emailProblem,
  PASSWORD_MIN_SCORE,
  passwordShapeProblem,
  usernameProblem,
} from "./rules.ts";
import type { ClientInfo } from "./sessions.ts";
import { passwordScore } from "./strength.ts";
import type { ThrottleKey } from "./throttle.ts";
import { checkSecondFactor } from "./two_factor.ts";

/** A new session. */
export interface SignedIn {
  userId: number;
  tokenId: number;
  token: string;
  expiresAt: Date;
}

/** What a sign-in attempt ends in: a session, or the need for a second factor. */
export type SignInResult =
  | { kind: "signedIn"; session: SignedIn }
  | { kind: "secondFactor"; ticket: string };

const TICKET_AUDIENCE = "parley:second-factor";
const TICKET_SECONDS = 5 * 60;

/**
 * The live account `login` names, by username or e-mail address whatever the case; a username
 * wins over someone else's address that happens to read the same.
 */
async function findByLogin<Row>(
  db: Queryable,
  columns: string,
  login: string,
): Promise<Row | undefined> {
  if (login.length === 0 || login.length > 254) return undefined;
  const [row] = await db.query<Row>(
    `select ${columns} from users
     where deleted_at is null and (lower(username) = lower($1) or lower(email) = lower($1))
     order by (lower(username) = lower($1)) desc limit 1`,
    [login],
  );
  return row;
}

/** Refuses a password that breaks the rules or is too easy to guess. */
export function checkNewPassword(password: string, userInputs: string[], field = "password"): void {
  const shape = passwordShapeProblem(password, userInputs[0]);
  if (shape) throw new AccountError(422, shape, field);
  if (passwordScore(password, userInputs) < PASSWORD_MIN_SCORE) {
    throw new AccountError(422, "password.weak", field);
  }
}

/** Maps a unique-index violation on users to the field it concerns. */
export function takenError(error: unknown): AccountError | undefined {
  const index = uniqueViolation(error);
  if (index === "users_username_key") return new AccountError(409, "username.taken", "username");
  if (index === "users_email_key") return new AccountError(409, "email.taken", "email");
  return undefined;
}

/** Creates an account, queues its confirmation mail and signs it in. */
export async function register(
  deps: AccountDeps,
  input: { username: string; email: string; password: string; lang: Lang; origin: string },
  client: ClientInfo,
): Promise<SignedIn> {
  const username = input.username.trim();
  const email = input.email.trim();
  const nameProblem = usernameProblem(username);
  if (nameProblem) throw new AccountError(422, nameProblem, "username");
  const mailProblem = emailProblem(email);
  if (mailProblem) throw new AccountError(422, mailProblem, "email");
  checkNewPassword(input.password, [username, email]);
  await deps.throttle.takeOrRefuse([
    { kind: "registerIp", id: client.ip },
    { kind: "registerEmail", id: email.toLowerCase() },
  ]);
  const hash = await hashPassword(input.password);
  const now = deps.clock();
  try {
    const session = await deps.db.transaction(async (tx) => {
      const [user] = await tx.query<{ id: number }>(
        `insert into users (username, email, password_hash, lang, created_at, password_changed_at)
         values ($1, $2, $3, $4, $5, $5) returning id`,
        [username, email, hash, input.lang, now],
      );
      await mailLink(tx, {
        purpose: "confirm",
        userId: user.id,
        email,
        username,
        lang: input.lang,
        origin: input.origin,
        now,
      });
      const created = await deps.sessions.create(tx, user.id, client);
      return { userId: user.id, ...created };
    });
    deps.mailQueued();
    return session;
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/**
 * Checks a login (username or e-mail) and password. Every failure gives the same error after
 * the same work, whether or not the account exists; repeated failures are throttled.
 */
export async function signIn(
  deps: AccountDeps,
  input: { login: string; password: string },
  client: ClientInfo,
): Promise<SignInResult> {
  const login = input.login.trim();
  const user = await findByLogin<
    { id: number; password_hash: string; totp_enabled_at: Date | null }
  >(
    deps.db,
    "id, password_hash, totp_enabled_at",
    login,
  );
  const keys: ThrottleKey[] = [
    { kind: "ip", id: client.ip },
    user ? { kind: "user", id: user.id } : { kind: "login", id: login.toLowerCase() },
  ];
  await takeAttempt(deps, keys);

  const ok = user && input.password.length <= 1024
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyDecoy(input.password.slice(0, 1024));
  if (!user || !ok) throw new AccountError(401, "login.failed");
  await succeeded(deps, keys);
  if (needsRehash(user.password_hash)) {
    await deps.db.query("update users set password_hash = $2 where id = $1", [
      user.id,
      await hashPassword(input.password),
    ]);
  }
  if (user.totp_enabled_at) {
    const ticket = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(user.id))
      .setAudience(TICKET_AUDIENCE)
      .setExpirationTime(Math.floor(deps.clock().getTime() / 1000) + TICKET_SECONDS)
      .sign(deps.key);
    return { kind: "secondFactor", ticket };
  }
  return { kind: "signedIn", session: await openSession(deps, user.id, client) };
}

/** The second step: a ticket from `signIn` and a code from the app (or a recovery code). */
export async function signInWithCode(
  deps: AccountDeps,
  input: { ticket: string; code: string },
  client: ClientInfo,
): Promise<SignedIn> {
  let userId: number;
  try {
    const { payload } = await jwtVerify(input.ticket, deps.key, {
      algorithms: ["HS256"],
      audience: TICKET_AUDIENCE,
      currentDate: deps.clock(),
    });
    userId = Number(payload.sub);
  } catch {
    throw new AccountError(401, "login.ticket");
  }
  const keys: ThrottleKey[] = [{ kind: "ip", id: client.ip }, { kind: "user", id: userId }];
  await takeAttempt(deps, keys);
  if (!await checkSecondFactor(deps, userId, input.code, { allowRecoveryCode: true })) {
    throw new AccountError(401, "totp.invalid", "code");
  }
  await succeeded(deps, keys);
  return openSession(deps, userId, client);
}

/** Takes an attempt from the address and the account (`keys`: [ip, account]), or answers 429. */
function takeAttempt(deps: AccountDeps, keys: ThrottleKey[]): Promise<void> {
  return deps.throttle.takeOrRefuse(keys, "login.throttled");
}

/** A right password or code: the address gets its attempt back and the account starts afresh. */
async function succeeded(deps: AccountDeps, [ip, account]: ThrottleKey[]): Promise<void> {
  await deps.throttle.giveBack(ip);
  await deps.throttle.clear(account);
}

async function openSession(
  deps: AccountDeps,
  userId: number,
  client: ClientInfo,
): Promise<SignedIn> {
  await deps.throttle.takeOrRefuse([{ kind: "sessionIp", id: client.ip }, {
    kind: "sessionUser",
    id: userId,
  }]);
  const created = await deps.db.transaction((tx) => deps.sessions.create(tx, userId, client));
  return { userId, ...created };
}

/** Ends the session `tokenId`. */
export async function signOut(deps: AccountDeps, userId: number, tokenId: number): Promise<void> {
  await deps.sessions.revoke(userId, tokenId);
}

/** Marks the address a confirmation link was sent to as confirmed; false for a bad link. */
export async function confirmEmail(deps: AccountDeps, token: string): Promise<boolean> {
  return await deps.db.transaction(async (tx) => {
    const link = await consumeLink(tx, token, "confirm", deps.clock());
    if (!link) return false;
    const updated = await tx.query(
      `update users set email_confirmed_at = coalesce(email_confirmed_at, $3)
       where id = $1 and lower(email) = lower($2) and deleted_at is null returning id`,
      [link.userId, link.email, deps.clock()],
    );
    return updated.length > 0;
  });
}

/** Sends a new confirmation link to an unconfirmed account's address. */
export async function resendConfirmation(
  deps: AccountDeps,
  userId: number,
  origin: string,
  client: ClientInfo,
): Promise<void> {
  await deps.throttle.takeOrRefuse([{ kind: "mailIp", id: client.ip }, {
    kind: "mailTo",
    id: `user:${userId}`,
  }]);
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.query<{ username: string; email: string | null; lang: Lang }>(
      `select username, email, lang from users
       where id = $1 and email_confirmed_at is null and deleted_at is null`,
      [userId],
    );
    if (!user?.email) return;
    await mailLink(tx, {
      purpose: "confirm",
      userId,
      email: user.email,
      username: user.username,
      lang: user.lang,
      origin,
      now: deps.clock(),
    });
  });
  deps.mailQueued();
}

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
