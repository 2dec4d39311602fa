/**
 * Registration, sign-in (with the two-factor step), sign-out, e-mail confirmation and password
 * recovery: the same rules whether a page or a WebSocket method calls them.
 */
import { jwtVerify, SignJWT } from "jose";
import { type Queryable, uniqueViolation } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import type { AccountDeps } from "./deps.ts";
import { AccountError } from "./errors.ts";
import { consumeLink } from "./links.ts";
import { mailGuessWarning, mailLink, mailRegistrationAttempt } from "./mail.ts";
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
  | { kind: "secondFactor"; ticket: string }
  /** The account is being guessed at: a link to finish signing in was mailed to its owner. */
  | { kind: "mailed" };

const TICKET_AUDIENCE = "parley:second-factor";
const TICKET_SECONDS = 5 * 60;

/**
 * The live account `login` names, by username or e-mail address whatever the case; a username
 * wins over someone else's address that happens to read the same.
 */
export async function findByLogin<Row>(
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

/**
 * Creates an account, queues its confirmation mail and signs it in. An address another account
 * holds gets the same answer: the account is made with the address only claimed (never confirmed),
 * and the address's owner is told by mail instead, so registering tells no one who has an account.
 */
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
  const create = (claimed: boolean) =>
    deps.db.transaction(async (tx) => {
      const [user] = await tx.query<{ id: number }>(
        `insert into users
           (username, email, email_claim, password_hash, lang, created_at, password_changed_at)
         values ($1, $2, $3, $4, $5, $6, $6) returning id`,
        [username, claimed ? null : email, claimed ? email : null, hash, input.lang, now],
      );
      if (claimed) await mailRegistrationAttempt(tx, email, input.origin);
      else {
        await mailLink(tx, {
          purpose: "confirm",
          userId: user.id,
          email,
          username,
          lang: input.lang,
          origin: input.origin,
          now,
        });
      }
      const created = await deps.sessions.create(tx, user.id, client);
      return { userId: user.id, ...created };
    });
  try {
    let session: SignedIn;
    try {
      session = await create(false);
    } catch (error) {
      if (uniqueViolation(error) !== "users_email_key") throw error;
      session = await create(true);
    }
    deps.mailQueued();
    return session;
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/**
 * Checks a login (username or e-mail) and password. Every failure gives the same error after
 * the same work, whether or not the account exists.
 *
 * Wrong attempts are throttled per address and per account at that address first, so that others
 * guessing cannot lock the owner out. Past a much higher bar per account, the account is being
 * guessed at: attempts still go on within the first limits, but the right password alone no
 * longer signs in; the owner is told by mail, and finishes with a mailed link or their code.
 */
export async function signIn(
  deps: AccountDeps,
  input: { login: string; password: string; origin: string },
  client: ClientInfo,
): Promise<SignInResult> {
  const login = input.login.trim();
  const user = await findByLogin<SigningIn>(deps.db, SIGNING_IN_COLUMNS, login);
  // A name with no account behind it is counted like an account, so a 429 tells nothing.
  const account = user ? String(user.id) : `name:${login.toLowerCase()}`;
  const here = attemptKeys(account, client);
  await deps.throttle.takeOrRefuse(here, "login.throttled");
  const accountWait = await deps.throttle.take([{ kind: "user", id: account }]);

  const ok = user && input.password.length <= 1024
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyDecoy(input.password.slice(0, 1024));
  if (!user || !ok) {
    if (user && accountWait > 0) await warnOwner(deps, user);
    throw new AccountError(401, "login.failed");
  }
  await succeeded(deps, here);
  if (accountWait === 0) await deps.throttle.giveBack({ kind: "user", id: account });
  if (needsRehash(user.password_hash)) {
    await deps.db.query("update users set password_hash = $2 where id = $1", [
      user.id,
      await hashPassword(input.password),
    ]);
  }
  // The code is a proof the guessers lack; without one, a link to the owner's mailbox is.
  if (user.totp_enabled_at) return { kind: "secondFactor", ticket: await ticketFor(deps, user.id) };
  if (accountWait === 0) {
    return { kind: "signedIn", session: await openSession(deps, user.id, client) };
  }
  if (!user.email) throw new AccountError(429, "login.throttled", undefined, accountWait);
  await deps.throttle.takeOrRefuse([{ kind: "mailTo", id: `user:${user.id}` }]);
  await mailLink(deps.db, {
    purpose: "signin",
    userId: user.id,
    email: user.email,
    username: user.username,
    lang: user.lang,
    origin: input.origin,
    now: deps.clock(),
  });
  deps.mailQueued();
  return { kind: "mailed" };
}

/** What signing in reads of an account. */
interface SigningIn {
  id: number;
  password_hash: string;
  totp_enabled_at: Date | null;
  email: string | null;
  username: string;
  lang: Lang;
}
const SIGNING_IN_COLUMNS = "id, password_hash, totp_enabled_at, email, username, lang";

function ticketFor(deps: AccountDeps, userId: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(String(userId))
    .setAudience(TICKET_AUDIENCE)
    .setExpirationTime(Math.floor(deps.clock().getTime() / 1000) + TICKET_SECONDS)
    .sign(deps.key);
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
  const here = attemptKeys(String(userId), client);
  // Only those with the password get this far: the account-wide bar on codes stays low.
  const codes: ThrottleKey = { kind: "codeUser", id: userId };
  await deps.throttle.takeOrRefuse([...here, codes], "login.throttled");
  if (!await checkSecondFactor(deps, userId, input.code, { allowRecoveryCode: true })) {
    throw new AccountError(401, "totp.invalid", "code");
  }
  await succeeded(deps, here);
  await deps.throttle.clear(codes);
  return openSession(deps, userId, client);
}

/** Finishes a sign-in with the link `signIn` mailed while the account was being guessed at. */
export async function signInWithLink(
  deps: AccountDeps,
  token: string,
  client: ClientInfo,
): Promise<SignedIn | undefined> {
  const link = await consumeLink(deps.db, token, "signin", deps.clock());
  if (!link) return undefined;
  const [user] = await deps.db.query(
    "select 1 from users where id = $1 and deleted_at is null",
    [link.userId],
  );
  return user ? await openSession(deps, link.userId, client) : undefined;
}

/** The keys a wrong attempt counts against first: the address, and the account at it. */
function attemptKeys(account: string, client: ClientInfo): ThrottleKey[] {
  return [{ kind: "ip", id: client.ip }, { kind: "userIp", id: `${account}@${client.ip}` }];
}

/** A right password or code: the address gets its attempt back, the account at it starts afresh. */
async function succeeded(deps: AccountDeps, [ip, accountHere]: ThrottleKey[]): Promise<void> {
  await deps.throttle.giveBack(ip);
  await deps.throttle.clear(accountHere);
}

/** Tells the owner their password is being guessed, once a day at most. */
async function warnOwner(deps: AccountDeps, user: SigningIn): Promise<void> {
  if (!user.email) return;
  if (await deps.throttle.take([{ kind: "guessWarning", id: user.id }]) > 0) return;
  await mailGuessWarning(deps.db, { email: user.email, username: user.username, lang: user.lang });
  deps.mailQueued();
}

export async function openSession(
  deps: AccountDeps,
  userId: number,
  client: ClientInfo,
): Promise<SignedIn> {
  // Told only to whoever proved they own the account: the reason is theirs to read.
  const [suspended] = await deps.db.query<{ suspended_reason: string | null }>(
    "select suspended_reason from users where id = $1 and suspended_at is not null",
    [userId],
  );
  if (suspended) {
    throw new AccountError(403, "account.suspended", undefined, undefined, {
      reason: suspended.suspended_reason ?? "",
    });
  }
  await deps.throttle.takeOrRefuse([
    { kind: "sessionIp", id: client.ip },
    { kind: "sessionUser", id: userId },
  ]);
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
