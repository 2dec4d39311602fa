/**
 * Why the server could not start, in one line that names the setting and the fix, for the
 * failures an operator can mend: a database that cannot be reached or is missing, a port in use,
 * a data folder that cannot be written or that others may write.
 */
import type { Config } from "../config.ts";
import { DbUnavailableError } from "../db/mod.ts";
import { DataDirBusyError } from "../db/pglite_lock.ts";
import { UnsafeDataDirError } from "./data_dir.ts";

/** The explanation of `error`, or undefined when it is not one of these (a bug: let it show). */
export function startupFailure(error: unknown, config: Config): string | undefined {
  const code = (error as { code?: string } | null)?.code;
  const database = config.databaseUrl ? describeUrl(config.databaseUrl) : undefined;
  if (database && error instanceof DbUnavailableError) {
    return `Cannot reach PostgreSQL at ${database} (DATABASE_URL) within ` +
      `${config.dbConnectTimeoutSeconds} s (DB_CONNECT_TIMEOUT_SECONDS): start it, or correct ` +
      "DATABASE_URL";
  }
  if (database && code === "3D000") {
    return `The database in DATABASE_URL (${database}) does not exist: create it ` +
      `(createdb ${new URL(config.databaseUrl!).pathname.slice(1)}) or name another`;
  }
  if (database && (code === "28P01" || code === "28000")) {
    return `PostgreSQL refused the user and password of DATABASE_URL (${database}): correct them`;
  }
  if (error instanceof Deno.errors.AddrInUse) {
    return `Port ${config.port} on ${config.hostname} is in use (PORT, HOST): stop what holds ` +
      "it, or choose another port";
  }
  if (error instanceof Deno.errors.AddrNotAvailable) {
    return `${config.hostname} is not an address of this machine (HOST): use one of its ` +
      "addresses, 127.0.0.1, or 0.0.0.0 for all of them";
  }
  if (error instanceof DataDirBusyError) return error.message;
  if (error instanceof UnsafeDataDirError) {
    return `The data folder ${config.dataDir} (DATA_DIR) is writable by other users: make it ` +
      `Parley's alone (chmod 700 ${config.dataDir}) or point DATA_DIR elsewhere`;
  }
  if (
    error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.AlreadyExists
  ) {
    return `The data folder ${config.dataDir} (DATA_DIR) cannot be written: ` +
      `${(error as Error).message}. Point DATA_DIR at a folder Parley may write`;
  }
  return undefined;
}

/** `url` without its password, for a message. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return `${parsed.host}${parsed.pathname}`;
}
