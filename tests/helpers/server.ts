/** Starts a real Parley server on a free port for a test. */
import { type Config, loadConfig } from "../../config.ts";
import type { Db } from "../../db/mod.ts";
import { silentLogger } from "../../lib/log.ts";
import { DB_KINDS, openTestDb } from "./db.ts";
import { type RunningServer, startServer } from "../../server.ts";

/** A running test server that shuts down when disposed. */
export interface TestServer extends AsyncDisposable, RunningServer {
  /** The `ws://` URL of the socket endpoint. */
  wsUrl: URL;
}

/** Starts a server on 127.0.0.1 and a free port, on `db` when given. */
export async function startTestServer(
  options: { db?: Db; env?: Record<string, string>; clock?: () => Date } = {},
): Promise<TestServer> {
  const config: Config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: await Deno.makeTempDir({ prefix: "parley-test-" }),
    SECRET: "a-test-secret-that-is-long-enough-for-parley",
    DEMO_DATA: "false",
    ...options.env,
  });
  const server = await startServer({
    config,
    log: silentLogger,
    db: options.db,
    clock: options.clock,
  });
  const wsUrl = new URL("/ws", server.url);
  wsUrl.protocol = "ws:";
  return { ...server, wsUrl, [Symbol.asyncDispose]: () => server.shutdown() };
}

/** Registers `fn` as one test per database kind with a running server on a fresh database. */
export function serverTest(
  name: string,
  fn: (server: TestServer) => Promise<void>,
  options: { env?: Record<string, string> } = {},
): void {
  for (const kind of DB_KINDS) {
    Deno.test(`${name} (${kind})`, async () => {
      await using db = await openTestDb(kind);
      await using server = await startTestServer({ db: db.db, env: options.env });
      await fn(server);
    });
  }
}
