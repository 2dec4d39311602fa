/** The PostgreSQL implementation of `Db`, over a postgres.js pool. */
import postgres from "postgres";
import { type Db, DbUnavailableError, type Queryable } from "./types.ts";

/** Error codes that mean the server is gone or refusing, rather than that a query is wrong. */
const UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

function translate(error: unknown): unknown {
  const code = (error as { code?: string })?.code;
  return code && UNAVAILABLE.has(code) ? new DbUnavailableError(error) : error;
}

/** Options for a PostgreSQL connection pool. */
export interface PostgresOptions {
  url: string;
  /**
   * Run everything in this schema (tests use one schema each); extensions stay reachable in
   * `public`, where the migrations put them.
   */
  schema?: string;
  max?: number;
}

/** Opens a pool to the server at `url`; connections are made on first use. */
export function openPostgres(options: PostgresOptions): Db {
  const connect = (max: number) =>
    postgres(options.url, {
      max,
      onnotice: () => {},
      connect_timeout: 10,
      connection: options.schema ? { search_path: `${options.schema}, public` } : {},
      // int8 ids and counts as numbers: ids stay far below 2^53.
      types: {
        bigint: {
          to: 20,
          from: [20],
          serialize: (value: number) => String(value),
          parse: (value: string) => Number(value),
        },
      },
    });
  const sql = connect(options.max ?? 10);

  const queryable = (run: postgres.Sql | postgres.TransactionSql): Queryable => ({
    async query<Row>(text: string, params: unknown[] = []) {
      try {
        // deno-lint-ignore no-explicit-any
        return await run.unsafe(text, params as any[], { prepare: true }) as unknown as Row[];
      } catch (error) {
        throw translate(error);
      }
    },
    async exec(script: string) {
      try {
        await run.unsafe(script);
      } catch (error) {
        throw translate(error);
      }
    },
  });

  return {
    kind: "postgres",
    ...queryable(sql),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      try {
        return await sql.begin((tx) => work(queryable(tx))) as T;
      } catch (error) {
        throw translate(error);
      }
    },
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
