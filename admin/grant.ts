/**
 * `deno task admin:grant <username> <role>`: gives a user a role from the command line, on the
 * database the environment names (as `deno task start` would open it). For the first admin of an
 * installation, and for one whose admins are all locked out.
 */
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/mod.ts";
import { startupFailure } from "../lib/startup_failure.ts";
import { grantRole, isRole, ROLES } from "./roles.ts";

const [username, role] = Deno.args;
if (!username || !isRole(role)) {
  // deno-lint-ignore no-console
  console.error(`Usage: deno task admin:grant <username> <${ROLES.join("|")}>`);
  Deno.exit(2);
}
const config = loadConfig();
let db;
try {
  db = await openDatabase({ ...config, connectTimeoutSeconds: config.dbConnectTimeoutSeconds });
} catch (error) {
  // deno-lint-ignore no-console
  console.error(startupFailure(error, config) ?? error);
  Deno.exit(1);
}
try {
  const { changed } = await grantRole(db, null, username, role);
  // deno-lint-ignore no-console
  console.log(changed ? `${username} is now ${role}.` : `${username} was already ${role}.`);
} catch (error) {
  // deno-lint-ignore no-console
  console.error(error instanceof Error ? error.message : error);
  Deno.exitCode = 1;
} finally {
  await db.close();
}
