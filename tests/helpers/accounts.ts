/** Account operations over a test database, with a clock the test moves by hand. */
import { type AccountDeps, createAccountDeps } from "../../accounts/deps.ts";
import { register } from "../../accounts/signin.ts";
import type { Db } from "../../db/mod.ts";

/** A clock that stands still until moved. */
export class TestClock {
  now: Date;
  constructor(start = "2026-01-01T12:00:00Z") {
    this.now = new Date(start);
  }
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A password the rules accept. */
export const GOOD_PASSWORD = "violet-anchor-thunder-42";
export const CLIENT = { ip: "10.0.0.1", userAgent: "Test/1.0" };

/** Account dependencies on `db`, with `clock` and session settings of the test's choosing. */
export function testAccounts(
  db: Db,
  options: { clock?: TestClock; maxSessions?: number; bindIp?: boolean; ttlSeconds?: number } = {},
): AccountDeps & { clock: () => Date } {
  const clock = (options.clock ?? new TestClock()).read;
  return createAccountDeps({
    db,
    key: new TextEncoder().encode("test-secret-test-secret-test-secret!"),
    clock,
    ttlSeconds: options.ttlSeconds ?? 5 * 86_400,
    maxSessions: options.maxSessions ?? 10,
    bindIp: options.bindIp ?? false,
    mailQueued: () => {},
  });
}

/** Registers `username` with a good password and `<username>@example.com`. */
export function registerUser(
  deps: AccountDeps,
  username: string,
  email = `${username}@example.com`,
) {
  return register(deps, {
    username,
    email,
    password: GOOD_PASSWORD,
    lang: "en",
    origin: "http://parley.test",
  }, CLIENT);
}

/** The token of the latest link mailed to `to` for `path` ("/confirm", "/reset"...). */
export async function mailedToken(db: Db, to: string, path: string): Promise<string> {
  const [mail] = await db.query<{ body: string }>(
    "select body from outbox where lower(recipient) = lower($1) order by id desc limit 1",
    [to],
  );
  const match = mail?.body.match(new RegExp(`${path}\\?token=([\\w%-]+)`));
  if (!match) throw new Error(`No ${path} link mailed to ${to}`);
  return decodeURIComponent(match[1]);
}

/** Registers users with confirmed addresses and returns their ids by name. */
export async function confirmedUsers(db: Db, ...names: string[]): Promise<Record<string, number>> {
  const deps = testAccounts(db);
  const ids: Record<string, number> = {};
  for (const name of names) ids[name] = (await registerUser(deps, name)).userId;
  await db.query("update users set email_confirmed_at = now() where id = any($1::bigint[])", [
    Object.values(ids),
  ]);
  return ids;
}

/**
 * Confirmed users written straight into the database, for tests of what users do in chats: many
 * at once, without the hashing and the limits of registration. They cannot sign in.
 */
export async function usersInDb(db: Db, ...names: string[]): Promise<Record<string, number>> {
  const rows = await db.query<{ id: number; username: string }>(
    `insert into users (username, email, password_hash, email_confirmed_at)
     select name, name || '@example.com', 'not a hash', now() from unnest($1::text[]) as name
     returning id, username`,
    [names],
  );
  return Object.fromEntries(rows.map((row) => [row.username, row.id]));
}
