/** Starts Parley with the settings of the environment and stops it on SIGINT or SIGTERM. */
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./lib/log.ts";
import { startServer } from "./server.ts";
import { startupFailure } from "./lib/startup_failure.ts";

const started = performance.now();
// What Parley writes (the data folder, PGlite's files, avatars, the generated secret) is its
// user's alone.
if (Deno.build.os !== "windows") Deno.umask(0o077);
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // deno-lint-ignore no-console
  console.error(error.message);
  Deno.exit(1);
}
const log = createLogger(config.logLevel);
for (const warning of config.warnings) log.warn(warning);
let server;
try {
  server = await startServer({ config, log, preferCron: true });
} catch (error) {
  const explained = startupFailure(error, config);
  if (!explained) throw error;
  log.error(explained);
  Deno.exit(1);
}
const database = config.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${config.dataDir}`;
log.info(`Parley is listening on ${server.url}`, {
  database,
  env: config.env,
  startupMs: Math.round(performance.now() - started),
});

const stop = async (signal: string) => {
  log.info(`${signal} received, shutting down`);
  await server.shutdown();
  log.info("Stopped");
  Deno.exit(0);
};
// A server that can no longer accept is of no use: stop, so that a supervisor starts it again.
server.listening.catch(async (error) => {
  log.error("The server stopped accepting connections", { error });
  await server.shutdown();
  Deno.exit(1);
});
Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
