/** What the server and its PGlite thread (`pglite_worker.ts`) say to each other. */

/** Where a PGlite opens, as `openPglite` takes it; `from` is a `dumpDataDir` snapshot's bytes. */
export interface OpenOptions {
  dataDir?: string;
  from?: ArrayBuffer;
  options?: { checkpointEveryMs?: number };
}

/** What the server asks of the worker. */
export type Call =
  | { op: "open" } & OpenOptions
  /** `tx`: the id of the `begin` whose transaction the statement runs in. */
  | { op: "query"; sql: string; params?: unknown[]; tx?: number }
  | { op: "exec"; sql: string; tx?: number }
  /** Answered once the transaction is open; it stays open until an `end` names it. */
  | { op: "begin" }
  /** Answered once the transaction has committed or rolled back. */
  | { op: "end"; tx: number; commit: boolean }
  /** Answered once listening; each notification then comes with the `listen`'s id. */
  | { op: "listen"; channel: string }
  | { op: "unlisten"; listen: number }
  | { op: "notify"; channel: string; payload: string }
  | { op: "dump" }
  | { op: "close" };

/** A call as sent: with an id of its own, which its reply carries. */
export type Request = Call & { id: number };

/** A database error as far as the server reads it: `uniqueViolation` needs code and constraint. */
export interface WireError {
  name?: string;
  message: string;
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  schema?: string;
}

export interface Reply {
  id: number;
  value?: unknown;
  error?: WireError;
  /** A NOTIFY's payload, for the `listen` with this id. */
  notification?: string;
}
