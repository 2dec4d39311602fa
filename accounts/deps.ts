/** What the account operations need, built once per server in `server.ts`. */
import type { Db } from "../db/mod.ts";
import type { Sessions } from "./sessions.ts";
import type { Throttle } from "./throttle.ts";

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
