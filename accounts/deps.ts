/** What the account operations need, built once per server in `server.ts`. */
import type { Db } from "../db/mod.ts";
import { Sessions } from "./sessions.ts";
import { Throttle } from "./throttle.ts";

export interface AccountDeps {
  db: Db;
  sessions: Sessions;
  throttle: Throttle;
  /** Signs short-lived tickets (the step between password and code). */
  key: Uint8Array;
  clock: () => Date;
  /** Asks the mailer to deliver now rather than at its next poll. */
  mailQueued: () => void;
}

/** Builds the account dependencies from the database, the key, the clock and the session rules. */
export function createAccountDeps(options: {
  db: Db;
  key: Uint8Array;
  clock: () => Date;
  ttlSeconds: number;
  maxSessions: number;
  bindIp: boolean;
  mailQueued: () => void;
}): AccountDeps {
  const { db, key, clock, mailQueued } = options;
  return {
    db,
    key,
    clock,
    sessions: new Sessions(options),
    throttle: new Throttle(db, clock),
    mailQueued,
  };
}
