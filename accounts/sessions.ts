/**
 * Sessions: a row in `tokens` per signed-in device, and a JWT naming that row handed to the
 * client. Sessions slide: each use extends them, but the row is written at most once a minute.
 */
import DataLoader from "dataloader";
import { jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import { sha256Hex } from "../lib/crypto.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { type CurrentUser, toUser, userColumns, type UserRow } from "./users.ts";

/** How stale `last_used_at` may get before a use writes it (and the new expiry) back. */
export const TOUCH_AFTER_MS = 60_000;

/** What a session's check reads of its row in `tokens`. */
interface TokenRow {
  id: number;
  user_id: number;
  ip: string | null;
  last_used_at: Date;
  expires_at: Date;
}

const TOKEN_COLUMNS = "t.id, t.user_id, t.ip, t.last_used_at, t.expires_at";
/** A token `t` of a user `u` that still opens a session at the time `$2`. */
const LIVE_TOKEN = "t.revoked_at is null and t.expires_at > $2 and u.deleted_at is null " +
  "and u.suspended_at is null";

/** A verified session. */
export interface SessionInfo {
  userId: number;
  tokenId: number;
  expiresAt: Date;
  /** The use extended the session; cookies should be refreshed. */
  extended: boolean;
}

/** One session as its owner sees it in the list. */
export interface SessionRow {
  id: number;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** The device gets notifications pushed (`push/subscriptions.ts`). */
  notifications: boolean;
}

/** Where a sign-in comes from. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface SessionOptions {
  db: Db;
  key: Uint8Array;
  ttlSeconds: number;
  maxSessions: number;
  bindIp: boolean;
  clock?: () => Date;
}

/** Far above the length of a token `create` signs, far below what a stranger could send. */
export const MAX_TOKEN_LENGTH = 1024;

/** The NOTIFY channel on which revoked token ids travel to every server process. */
export const REVOKED_CHANNEL = "parley_sessions_revoked";

/** Creates, verifies, lists and revokes sessions. */
export class Sessions {
  readonly #options: SessionOptions;
  readonly #clock: () => Date;
  /** The SHA-256 of a token Parley signed → the row id it names. */
  readonly #verified = new LRUCache<string, number>({ max: 10_000 });

  /** How many signed tokens are remembered as checked. */
  get verifiedCount(): number {
    return this.#verified.size;
  }

  /**
   * Sessions checked without their user (sockets' upgrades and tokens, `/api/token`), together:
   * every client reconnecting after a restart is a few queries rather than one each. Each is
   * still read from the database, so a session revoked a moment ago is refused.
   */
  readonly #tokenRows = new DataLoader<number, TokenRow | undefined>(
    async (tokenIds) => {
      const rows = await this.#options.db.query<TokenRow>(
        `select ${TOKEN_COLUMNS} from tokens t join users u on u.id = t.user_id
         where t.id = any($1::bigint[]) and ${LIVE_TOKEN}`,
        [tokenIds, this.#clock()],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return tokenIds.map((id) => byId.get(id));
    },
    // Lookups of one turn of the event loop go together; none is kept for the next.
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
  );

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => new Date());
  }

  /**
   * Opens a session for `userId` inside `tx` and ends the oldest ones beyond the limit.
   * Returns the token to hand out.
   */
  async create(
    tx: Queryable,
    userId: number,
    client: ClientInfo,
  ): Promise<{ token: string; tokenId: number; expiresAt: Date }> {
    const now = this.#clock();
    const expiresAt = new Date(now.getTime() + this.#options.ttlSeconds * 1000);
    // Serialises concurrent sign-ins of one account, so the limit cannot be overrun.
    await tx.query("select id from users where id = $1 for update", [userId]);
    const [row] = await tx.query<{ id: number }>(
      `insert into tokens (user_id, created_at, last_used_at, expires_at, ip, user_agent)
       values ($1, $2, $2, $3, $4, $5) returning id`,
      [userId, now, expiresAt, client.ip, client.userAgent.slice(0, 512)],
    );
    const evicted = await tx.query<{ id: number }>(
      `update tokens set revoked_at = $3 where id in (
         select id from tokens where user_id = $1 and revoked_at is null and expires_at > $3
         order by created_at desc, id desc offset $2
       ) returning id`,
      [userId, this.#options.maxSessions, now],
    );
    // Announced in the transaction: the ended sessions' sockets are signed out when it commits.
    await this.#announce(evicted.map((e) => e.id), tx);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(userId))
      .setJti(String(row.id))
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .sign(this.#options.key);
    return { token, tokenId: row.id, expiresAt };
  }

  /** The live session `token` names, extended by this use; undefined when it is not valid. */
  async verify(token: string, ip?: string): Promise<SessionInfo | undefined> {
    const tokenId = await this.#tokenIdOf(token);
    if (tokenId === undefined) return undefined;
    const now = this.#clock();
    return await this.#use(tokenId, await this.#tokenRows.load(tokenId), ip, now);
  }

  /** `verify` and the signed-in user, read together: what a page needs. */
  async verifyWithUser(
    token: string,
    ip?: string,
  ): Promise<{ session: SessionInfo; user: CurrentUser } | undefined> {
    const tokenId = await this.#tokenIdOf(token);
    if (tokenId === undefined) return undefined;
    const now = this.#clock();
    const [row] = await this.#options.db.query<TokenRow & UserRow>(
      `select ${TOKEN_COLUMNS}, ${userColumns("u")}
       from tokens t join users u on u.id = t.user_id
       where t.id = $1 and ${LIVE_TOKEN}`,
      [tokenId, now],
    );
    const session = await this.#use(tokenId, row, ip, now);
    return session && { session, user: toUser(row) };
  }

  /** The session of the live token row `row` (absent: none), extended when it is due. */
  async #use(
    tokenId: number,
    row: TokenRow | undefined,
    ip: string | undefined,
    now: Date,
  ): Promise<SessionInfo | undefined> {
    if (!row) return undefined;
    const { db, ttlSeconds, bindIp } = this.#options;
    if (bindIp && ip !== undefined && row.ip !== ip) return undefined;
    if (now.getTime() - row.last_used_at.getTime() < TOUCH_AFTER_MS) {
      return { userId: row.user_id, tokenId, expiresAt: row.expires_at, extended: false };
    }
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await db.query(
      "update tokens set last_used_at = $2, expires_at = $3 where id = $1 and revoked_at is null",
      [tokenId, now, expiresAt],
    );
    return { userId: row.user_id, tokenId, expiresAt, extended: true };
  }

  /** The live sessions of `userId`, most recently used first. */
  async list(userId: number): Promise<SessionRow[]> {
    const rows = await this.#options.db.query<{
      id: number;
      created_at: Date;
      last_used_at: Date;
      expires_at: Date;
      ip: string | null;
      user_agent: string | null;
      notifications: boolean;
    }>(
      `select id, created_at, last_used_at, expires_at, ip, user_agent,
         exists (select 1 from push_subscriptions p where p.token_id = tokens.id) as notifications
       from tokens
       where user_id = $1 and revoked_at is null and expires_at > $2
       order by last_used_at desc, id desc`,
      [userId, this.#clock()],
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      ip: r.ip,
      userAgent: r.user_agent,
      notifications: r.notifications,
    }));
  }

  /** Ends one session of `userId`; false when it has no such live session. */
  async revoke(
    userId: number,
    tokenId: number,
    tx: Queryable = this.#options.db,
  ): Promise<boolean> {
    const rows = await tx.query<{ id: number }>(
      "update tokens set revoked_at = $3 where id = $2 and user_id = $1 and revoked_at is null returning id",
      [userId, tokenId, this.#clock()],
    );
    await this.#announce(rows.map((r) => r.id), tx);
    return rows.length > 0;
  }

  /** Ends every session of `userId` except `keep`; returns how many ended. */
  async revokeAll(
    userId: number,
    keep?: number,
    tx: Queryable = this.#options.db,
  ): Promise<number> {
    const rows = await tx.query<{ id: number }>(
      `update tokens set revoked_at = $3
       where user_id = $1 and revoked_at is null and id <> $2 returning id`,
      [userId, keep ?? 0, this.#clock()],
    );
    await this.#announce(rows.map((r) => r.id), tx);
    return rows.length;
  }

  /**
   * Tells every process (this one included) that these sessions ended. Sent through `via`, so
   * that inside a transaction the news leaves only when it commits.
   */
  async #announce(tokenIds: number[], via: Queryable = this.#options.db): Promise<void> {
    if (tokenIds.length === 0) return;
    await via.query("select pg_notify($1, $2)", [REVOKED_CHANNEL, tokenIds.join(",")]);
  }

  /**
   * The token row a JWT names, if its signature holds. Checking a signature costs more than the
   * query after it, and a given token's answer never changes, so answers are remembered.
   */
  async #tokenIdOf(token: string): Promise<number | undefined> {
    // Longer than any token Parley signs: not worth the work of checking.
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const key = await sha256Hex(token);
    const known = this.#verified.get(key);
    if (known !== undefined) return known;
    try {
      const { payload } = await jwtVerify(token, this.#options.key, { algorithms: ["HS256"] });
      const jti = Number(payload.jti);
      if (!Number.isSafeInteger(jti) || jti <= 0) return undefined;
      // Only signed tokens are kept: a stranger's made-up ones cannot fill the cache.
      this.#verified.set(key, jti);
      return jti;
    } catch {
      return undefined;
    }
  }
}
