/**
 * Sessions: a row in `tokens` per signed-in device, and a JWT naming that row handed to the
 * client. Sessions slide: each use extends them, but the row is written at most once a minute.
 */
import { jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import type { Db, Queryable } from "../db/mod.ts";
import { type CurrentUser, toUser, userColumns, type UserRow } from "./users.ts";

/** How stale `last_used_at` may get before a use writes it (and the new expiry) back. */
export const TOUCH_AFTER_MS = 60_000;

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

/** The NOTIFY channel on which revoked token ids travel to every server process. */
export const REVOKED_CHANNEL = "parley_sessions_revoked";

/** Creates, verifies, lists and revokes sessions. */
export class Sessions {
  readonly #options: SessionOptions;
  readonly #clock: () => Date;
  /** Token → the row id its signature names, or 0 for a bad one. */
  readonly #verified = new LRUCache<string, number>({ max: 10_000 });

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
  ): Promise<{ token: string; tokenId: number; expiresAt: Date; evicted: number[] }> {
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
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(userId))
      .setJti(String(row.id))
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .sign(this.#options.key);
    return { token, tokenId: row.id, expiresAt, evicted: evicted.map((e) => e.id) };
  }

  /** The live session `token` names, extended by this use; undefined when it is not valid. */
  async verify(token: string, ip?: string): Promise<SessionInfo | undefined> {
    return (await this.#use(token, ip, false))?.session;
  }

  /** `verify` and the signed-in user, read together: what a page needs. */
  async verifyWithUser(
    token: string,
    ip?: string,
  ): Promise<{ session: SessionInfo; user: CurrentUser } | undefined> {
    const used = await this.#use(token, ip, true);
    return used && { session: used.session, user: toUser(used.row) };
  }

  async #use(token: string, ip: string | undefined, withUser: boolean) {
    const tokenId = await this.#tokenIdOf(token);
    if (tokenId === undefined) return undefined;
    const { db, ttlSeconds, bindIp } = this.#options;
    const now = this.#clock();
    const [row] = await db.query<
      UserRow & { user_id: number; ip: string | null; last_used_at: Date; expires_at: Date }
    >(
      `select t.user_id, t.ip, t.last_used_at, t.expires_at${
        withUser ? `, ${userColumns("u")}` : ""
      }
       from tokens t join users u on u.id = t.user_id
       where t.id = $1 and t.revoked_at is null and t.expires_at > $2 and u.deleted_at is null`,
      [tokenId, now],
    );
    if (!row) return undefined;
    if (bindIp && ip !== undefined && row.ip !== ip) return undefined;
    if (now.getTime() - row.last_used_at.getTime() < TOUCH_AFTER_MS) {
      const session = { userId: row.user_id, tokenId, expiresAt: row.expires_at, extended: false };
      return { session, row };
    }
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await db.query(
      "update tokens set last_used_at = $2, expires_at = $3 where id = $1 and revoked_at is null",
      [tokenId, now, expiresAt],
    );
    return { session: { userId: row.user_id, tokenId, expiresAt, extended: true }, row };
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
    }>(
      `select id, created_at, last_used_at, expires_at, ip, user_agent from tokens
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

  /** Tells every process about sessions ended by `create`'s limit. */
  announceEvicted(tokenIds: number[]): Promise<void> {
    return this.#announce(tokenIds);
  }

  /**
   * The token row a JWT names, if its signature holds. Checking a signature costs more than the
   * query after it, and a given token's answer never changes, so answers are remembered.
   */
  async #tokenIdOf(token: string): Promise<number | undefined> {
    const known = this.#verified.get(token);
    if (known !== undefined) return known || undefined;
    let id = 0;
    try {
      const { payload } = await jwtVerify(token, this.#options.key, { algorithms: ["HS256"] });
      const jti = Number(payload.jti);
      if (Number.isSafeInteger(jti) && jti > 0) id = jti;
    } catch {
      // Not ours, or not a JWT: remembered as 0, like any token naming no row.
    }
    this.#verified.set(token, id);
    return id || undefined;
  }
}
