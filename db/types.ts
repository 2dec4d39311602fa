/** The one interface the rest of Parley uses to reach its database, whichever engine is behind it. */
import { HttpError } from "../framework/http_error.ts";

/** Runs parameterised SQL (`$1`, `$2`...) and returns the rows. int8 columns come back as numbers. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

/** A database connection (a pool for PostgreSQL, the embedded instance for PGlite). */
export interface Db extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`; resolves to a function that stops it. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached: answered with 503 wherever it surfaces (pages, /api, sockets),
 * as the `HttpError` it is.
 */
export class DbUnavailableError extends HttpError {
  constructor(cause: unknown) {
    super(503, "The database cannot be reached", { cause });
    this.name = "DbUnavailableError";
  }
}

/** The unique index a failed insert or update ran into, if that is why it failed. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint_name?: string; constraint?: string } | null;
  if (e?.code !== "23505") return undefined;
  return e.constraint_name ?? e.constraint ?? "";
}
