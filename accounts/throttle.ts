/**
 * Sign-in throttling per account and per IP address. Failures are counted in the database,
 * so a restart does not reset them and every server process sees the same counts.
 */
import type { Db } from "../db/mod.ts";

/** Failures allowed per key within a window, and the window's length. */
export const THROTTLE_RULES = {
  user: { limit: 5, windowSeconds: 15 * 60 },
  // A login name with no account behind it is throttled like an account, so that a 429 does
  // not tell which names exist.
  login: { limit: 5, windowSeconds: 15 * 60 },
  ip: { limit: 30, windowSeconds: 15 * 60 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

/** A key to count failures under: an account or an address. */
export interface ThrottleKey {
  kind: ThrottleKind;
  id: string | number;
}

const keyText = ({ kind, id }: ThrottleKey) => `${kind}:${id}`;

/** Counts failed sign-ins and says when to refuse new attempts. */
export class Throttle {
  constructor(private readonly db: Db, private readonly clock: () => Date = () => new Date()) {}

  /** Seconds until `keys` may try again; 0 when they may now. */
  async retryAfter(keys: ThrottleKey[]): Promise<number> {
    const now = this.clock().getTime();
    let wait = 0;
    const rows = await this.db.query<{ key: string; failures: number; window_started_at: Date }>(
      "select key, failures, window_started_at from login_throttle where key = any($1::text[])",
      [keys.map(keyText)],
    );
    for (const row of rows) {
      const rule = THROTTLE_RULES[row.key.split(":")[0] as ThrottleKind];
      const windowEnds = row.window_started_at.getTime() + rule.windowSeconds * 1000;
      if (row.failures >= rule.limit && windowEnds > now) {
        wait = Math.max(wait, Math.ceil((windowEnds - now) / 1000));
      }
    }
    return wait;
  }

  /** Counts one failure against each key, starting a new window where the last one ended. */
  async fail(keys: ThrottleKey[]): Promise<void> {
    const now = this.clock();
    for (const key of keys) {
      const windowStart = new Date(now.getTime() - THROTTLE_RULES[key.kind].windowSeconds * 1000);
      await this.db.query(
        `insert into login_throttle (key, failures, window_started_at) values ($1, 1, $2)
         on conflict (key) do update set
           failures = case when login_throttle.window_started_at <= $3 then 1
                           else login_throttle.failures + 1 end,
           window_started_at = case when login_throttle.window_started_at <= $3 then $2
                                    else login_throttle.window_started_at end`,
        [keyText(key), now, windowStart],
      );
    }
  }

  /** Forgets the failures of `key`, after a successful sign-in. */
  async clear(key: ThrottleKey): Promise<void> {
    await this.db.query("delete from login_throttle where key = $1", [keyText(key)]);
  }
}
