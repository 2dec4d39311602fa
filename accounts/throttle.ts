/**
 * Sign-in throttling per account and per IP address. Attempts are counted in the database, so a
 * restart does not reset them and every server process sees the same counts.
 *
 * An attempt is taken before the password or code is checked, and given back when it was right:
 * taking is one transaction that holds each key's row until it commits, so attempts made at once,
 * on one process or several, are counted one after another and never pass the limit together.
 */
import type { Db } from "../db/mod.ts";

/** Failed attempts allowed per key within a window, and the window's length. */
export const THROTTLE_RULES = {
  user: { limit: 5, windowSeconds: 15 * 60 },
  // A login name with no account behind it is throttled like an account, so that a 429 does
  // not tell which names exist.
  login: { limit: 5, windowSeconds: 15 * 60 },
  ip: { limit: 30, windowSeconds: 15 * 60 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

/** A key to count attempts under: an account or an address. */
export interface ThrottleKey {
  kind: ThrottleKind;
  id: string | number;
}

const keyText = ({ kind, id }: ThrottleKey) => `${kind}:${id}`;

/** Thrown inside the taking transaction to undo it: a key had no attempt left. */
class Spent {
  constructor(readonly retryAfter: number) {}
}

/** Counts sign-in attempts and says when to refuse new ones. */
export class Throttle {
  constructor(private readonly db: Db, private readonly clock: () => Date = () => new Date()) {}

  /**
   * Takes one attempt from every key, or from none: returns 0 when taken, else the seconds until
   * the keys may try again. An attempt taken counts as a failure until it is given back.
   */
  async take(keys: ThrottleKey[]): Promise<number> {
    const now = this.clock();
    // In one order, so that two attempts taking the same keys never wait on each other.
    const sorted = [...keys].sort((a, b) => keyText(a) < keyText(b) ? -1 : 1);
    try {
      await this.db.transaction(async (tx) => {
        let wait = 0;
        for (const key of sorted) {
          const { limit, windowSeconds } = THROTTLE_RULES[key.kind];
          const windowStart = new Date(now.getTime() - windowSeconds * 1000);
          const [row] = await tx.query<{ failures: number; window_started_at: Date }>(
            `insert into login_throttle (key, failures, window_started_at) values ($1, 1, $2)
             on conflict (key) do update set
               failures = case when login_throttle.window_started_at <= $3 then 1
                               else login_throttle.failures + 1 end,
               window_started_at = case when login_throttle.window_started_at <= $3 then $2
                                        else login_throttle.window_started_at end
             returning failures, window_started_at`,
            [keyText(key), now, windowStart],
          );
          if (row.failures > limit) {
            const windowEnds = row.window_started_at.getTime() + windowSeconds * 1000;
            wait = Math.max(wait, Math.ceil((windowEnds - now.getTime()) / 1000));
          }
        }
        if (wait > 0) throw new Spent(wait);
      });
      return 0;
    } catch (error) {
      if (error instanceof Spent) return error.retryAfter;
      throw error;
    }
  }

  /** Gives back an attempt taken from `key` that turned out right. */
  async giveBack(key: ThrottleKey): Promise<void> {
    await this.db.query(
      "update login_throttle set failures = greatest(failures - 1, 0) where key = $1",
      [keyText(key)],
    );
  }

  /** Forgets the attempts counted against `key`, after a successful sign-in. */
  async clear(key: ThrottleKey): Promise<void> {
    await this.db.query("delete from login_throttle where key = $1", [keyText(key)]);
  }
}
