/**
 * Limits on what a stranger could repeat at others' cost: guessing passwords and codes, opening
 * accounts and sessions, and having mail sent. Counts are kept in the database, so a restart does
 * not reset them and every server process sees the same counts.
 *
 * A use is taken before the work it allows: taking is one transaction that holds each key's row
 * until it commits, so requests made at once, on one process or several, are counted one after
 * another and never pass a limit together. A sign-in attempt that was right is given back.
 */
import type { Db } from "../db/mod.ts";
import { AccountError } from "./errors.ts";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Uses allowed per key within a window, and the window's length in seconds. */
export const THROTTLE_RULES = {
  // Wrong sign-in attempts (password or code) from one address: at one account, and at any. A
  // name with no account behind it counts as an account.
  userIp: { limit: 5, windowSeconds: 15 * MINUTE },
  ip: { limit: 30, windowSeconds: 15 * MINUTE },
  // Wrong passwords for one account from anywhere: a much higher bar, and past it the account is
  // not locked but asks a proof with the right password (signin.ts).
  user: { limit: 50, windowSeconds: HOUR },
  // Wrong codes for one account from anywhere: only those with its password get to try one.
  codeUser: { limit: 10, windowSeconds: 15 * MINUTE },
  // An account's owner is told that its password is being guessed once a day at most.
  guessWarning: { limit: 1, windowSeconds: 24 * HOUR },
  // Accounts registered from one address, and attempts to register one address.
  registerIp: { limit: 10, windowSeconds: HOUR },
  registerEmail: { limit: 3, windowSeconds: HOUR },
  // Sessions opened by signing in, from one address and for one account.
  sessionIp: { limit: 60, windowSeconds: HOUR },
  sessionUser: { limit: 30, windowSeconds: HOUR },
  // Recovery and confirmation mail asked for from one address, and for one login or account.
  mailIp: { limit: 10, windowSeconds: HOUR },
  mailTo: { limit: 3, windowSeconds: HOUR },
  // "Was this helpful?" votes from one address, signed in or not.
  helpVoteIp: { limit: 60, windowSeconds: HOUR },
  // Support tickets opened: by an account, from an address, and by a guest for one address.
  ticketUser: { limit: 10, windowSeconds: HOUR },
  ticketIp: { limit: 10, windowSeconds: HOUR },
  ticketEmail: { limit: 3, windowSeconds: HOUR },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

/** A key to count uses under: an account, an address, a login name, an e-mail address. */
export interface ThrottleKey {
  kind: ThrottleKind;
  id: string | number;
}

const keyText = ({ kind, id }: ThrottleKey) => `${kind}:${id}`;

/** Thrown inside the taking transaction to undo it: a key had no use left. */
class Spent {
  constructor(readonly retryAfter: number) {}
}

/** Counts uses and says when to refuse new ones. */
export class Throttle {
  constructor(private readonly db: Db, private readonly clock: () => Date = () => new Date()) {}

  /**
   * Takes one use from every key, or from none: returns 0 when taken, else the seconds until the
   * keys may be used again.
   */
  async take(keys: ThrottleKey[]): Promise<number> {
    const now = this.clock();
    // In one order, so that two requests taking the same keys never wait on each other.
    const sorted = [...keys].sort((a, b) => keyText(a) < keyText(b) ? -1 : 1);
    try {
      await this.db.transaction(async (tx) => {
        let wait = 0;
        for (const key of sorted) {
          const { limit, windowSeconds } = THROTTLE_RULES[key.kind];
          const windowStart = new Date(now.getTime() - windowSeconds * 1000);
          const [row] = await tx.query<{ used: number; window_started_at: Date }>(
            `insert into throttle (key, used, window_started_at) values ($1, 1, $2)
             on conflict (key) do update set
               used = case when throttle.window_started_at <= $3 then 1 else throttle.used + 1 end,
               window_started_at = case when throttle.window_started_at <= $3 then $2
                                        else throttle.window_started_at end
             returning used, window_started_at`,
            [keyText(key), now, windowStart],
          );
          if (row.used > limit) {
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

  /** `take`, throwing a 429 with `code` and how long to wait when a key has no use left. */
  async takeOrRefuse(
    keys: ThrottleKey[],
    code: "rate.limited" | "login.throttled" = "rate.limited",
  ): Promise<void> {
    const wait = await this.take(keys);
    if (wait > 0) throw new AccountError(429, code, undefined, wait);
  }

  /** Gives back a use taken from `key`: a sign-in attempt that turned out right. */
  async giveBack(key: ThrottleKey): Promise<void> {
    await this.db.query("update throttle set used = greatest(used - 1, 0) where key = $1", [
      keyText(key),
    ]);
  }

  /** Forgets the uses counted against `key`: an account's wrong attempts, once one is right. */
  async clear(key: ThrottleKey): Promise<void> {
    await this.db.query("delete from throttle where key = $1", [keyText(key)]);
  }
}
