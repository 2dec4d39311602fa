/**
 * Starts one Parley server: database, WebSocket hub, token sweeper and the HTTP listener, and
 * stops them in order. `main.ts` calls it for real; tests call it with their own settings.
 */
import { loadSecret } from "./accounts/secret.ts";
import { REVOKED_CHANNEL } from "./accounts/sessions.ts";
import { createAccountDeps } from "./accounts/deps.ts";
import type { Config } from "./config.ts";
import {
  endLapsed,
  presenceInBatches,
  RENEW_EVERY_SECONDS,
  renewOnline,
} from "./chats/presence.ts";
import { applyAdminUsernames } from "./admin/roles.ts";
import { startStatsJob } from "./jobs/stats_job.ts";
import { shippedHelp } from "./help/catalog.ts";
import { syncHelp } from "./help/search.ts";
import { buildSearchIndexes } from "./db/search_indexes.ts";
import { loadVapidKeys } from "./push/vapid.ts";
import { PushSender } from "./push/sender.ts";
import { startNotifying } from "./push/notifier.ts";
import { openDemoAccount, seedDemoData } from "./db/demo.ts";
import { join } from "node:path";
import { LocalStorage } from "./files/local_storage.ts";
import { S3Storage } from "./files/s3_storage.ts";
import { clientIpResolver } from "./lib/client_ip.ts";
import { startMailer } from "./mail/mailer.ts";
import { type Db, openDatabase } from "./db/mod.ts";
import { type App, createApp } from "./framework/server.ts";
import { startTokenSweeper, type Sweeper } from "./jobs/token_sweeper.ts";
import { deadline, DeadlineError } from "./lib/deadline.ts";
import { prepareDataDir } from "./lib/data_dir.ts";
import { createLogger, type Logger } from "./lib/log.ts";
import type { Services, State } from "./lib/state.ts";
import { translator } from "./i18n/mod.ts";
import manifest from "./manifest.gen.ts";
import { CloseCode } from "./ws/connection.ts";
import { Dispatcher } from "./ws/dispatcher.ts";
import { Hub } from "./ws/hub.ts";
import { startPushing } from "./ws/push.ts";
import { methods } from "./ws/methods/mod.ts";
import { v1Methods } from "./ws/v1/mod.ts";

/** What to start a server with. */
export interface StartOptions {
  config: Config;
  log?: Logger;
  /** An open, migrated database to use instead of the one `config` names; the caller closes it. */
  db?: Db;
  /** The current time, for sessions, links, codes and the sweeper. */
  clock?: () => Date;
  /** Schedule the sweeper with `Deno.cron` where available. */
  preferCron?: boolean;
}

/** A listening server. */
export interface RunningServer {
  url: URL;
  services: Services;
  sweeper: Sweeper;
  /** Stops accepting, closes sockets with 1001, finishes requests, stops the sweeper, closes the database. */
  shutdown(): Promise<void>;
  /** Resolves once the server stopped listening; rejects if the listener failed on its own. */
  listening: Promise<void>;
}

/** Opens everything and starts listening on `config.hostname:config.port`. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  await prepareDataDir(config.dataDir);
  const db = options.db ?? await openDatabase({
    ...config,
    connectTimeoutSeconds: config.dbConnectTimeoutSeconds,
  });
  const clock = options.clock ?? (() => new Date());
  const key = await loadSecret(config);
  const mailer = startMailer({ db, log, from: config.mailFrom, smtpUrl: config.smtpUrl });
  const accounts = createAccountDeps({
    db,
    key,
    clock,
    ttlSeconds: config.sessionTtlSeconds,
    maxSessions: config.maxSessions,
    bindIp: config.sessionBindIp,
    mailQueued: () => {
      mailer.flush().catch((error) => log.error("Mailer failed", { error }));
    },
  });
  if (config.demoData) await seedDemoData(db, log);
  const help = await shippedHelp();
  await syncHelp(db, help);
  // In the background: on a large installation the build takes minutes (db/search_indexes.ts).
  buildSearchIndexes(db).then(
    (built) => built.length > 0 && log.info("Search indexes built", { built }),
    (error) => log.warn("Search indexes not built; the next start tries again", { error }),
  );
  const notFound = await applyAdminUsernames(db, config.adminUsernames);
  if (notFound.length > 0) {
    log.warn(
      `ADMIN_USERNAMES names no account called ${notFound.join(", ")}: once it exists, start ` +
        "again or run deno task admin:grant",
    );
  }
  const demoAccount = await openDemoAccount(db);
  if (demoAccount) {
    log.warn(
      `Demo accounts with published passwords exist (such as ${demoAccount}): anyone who can ` +
        "reach this server can sign in as them. Start with DEMO_DATA=false on an empty database " +
        "before others can reach it (README: going public)",
    );
  }

  const dispatcher = new Dispatcher({
    methods,
    v1Methods,
    log,
    services: { config, db, log, accounts },
    authenticate: (token, conn) => accounts.sessions.verify(token, conn.ip),
  });
  const hub = new Hub({
    dispatcher,
    log,
    maxFrameBytes: config.wsMaxFrameBytes,
    strangers: { perIp: config.wsAnonymousPerIp, signInSeconds: config.wsSignInSeconds },
    onUserJoined: (userId) => presence.arrived(userId),
    onUserLeft: (userId) => presence.left(userId),
  });
  const presence = presenceInBatches(db, {
    isHere: (userId) => hub.isSignedIn(userId),
    onError: (error) => log.warn("Presence update failed", { error }),
  });
  const presenceTimer = setInterval(() => {
    renewOnline(db, [...hub.signedInUsers()])
      .then(() => endLapsed(db))
      .catch((error) => log.warn("Presence update failed", { error }));
  }, RENEW_EVERY_SECONDS * 1000);
  // Sessions ended anywhere (this process or another on the same database) stop at once.
  const unlisten = await db.listen(REVOKED_CHANNEL, (payload) => {
    hub.endSessions(new Set(payload.split(",").map(Number)));
  });
  const stopPushing = await startPushing({ db, hub, log });
  const vapid = await loadVapidKeys({
    publicKey: config.vapidPublicKey,
    privateKey: config.vapidPrivateKey,
    subject: config.vapidSubject,
    dataDir: config.dataDir,
  });
  const pushSender = new PushSender({ db, log, vapid });
  const stopNotifying = startNotifying({ db, log, sender: pushSender });
  const processId = crypto.randomUUID();
  const stats = startStatsJob({ db, log, processId, sockets: () => hub.size, clock });

  const assetVersions: { files?: App["staticFiles"] } = {};
  const services: Services = {
    config,
    db,
    log,
    hub,
    accounts,
    files: config.s3 ? new S3Storage(config.s3) : new LocalStorage(join(config.dataDir, "files")),
    key,
    clientIp: clientIpResolver(config.trustProxy),
    demoAccounts: demoAccount !== undefined,
    processId,
    help,
    vapidPublicKey: vapid.publicKey,
    asset: (path) => {
      const version = assetVersions.files?.etagOf(path);
      return version ? `${path}?v=${version}` : path;
    },
  };
  const app = await createApp<State>({
    manifest,
    dev: config.env === "development",
    state: () => ({
      services,
      lang: "en",
      t: translator("en"),
      theme: "system",
      csrf: "",
      clientIp: "",
    }),
    onError: (error, req) => log.error("Request failed", { url: req.url, error }),
  });
  assetVersions.files = app.staticFiles;
  const sweeper = startTokenSweeper({
    db,
    log,
    files: services.files,
    intervalSeconds: config.sweepIntervalSeconds,
    clock: options.clock,
    preferCron: options.preferCron,
  });

  const server = Deno.serve({
    port: config.port,
    hostname: config.hostname,
    onListen: () => {},
  }, app.handler);
  const { hostname, port } = server.addr;
  const shown = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
  const url = new URL(`http://${shown.includes(":") ? `[${shown}]` : shown}:${port}/`);

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    stopping ??= (async () => {
      clearInterval(presenceTimer);
      const requestsDone = server.shutdown();
      hub.closeAll(CloseCode.goingAway, "Server shutting down");
      app.close();
      try {
        await deadline(requestsDone, config.shutdownTimeoutSeconds * 1000);
      } catch (error) {
        if (!(error instanceof DeadlineError)) throw error;
        log.warn("Requests still running at the shutdown time limit were cut off");
      }
      await sweeper.stop();
      await stats.stop();
      await mailer.stop();
      await unlisten();
      await stopPushing();
      stopNotifying();
      // Notices a moment from going out may still go; the rest are let go with the process.
      await deadline(pushSender.idle(), 2_000).catch(() => {});
      pushSender.close();
      if (!options.db) await db.close();
    })();

  // Rejects when the listener fails (out of file descriptors, say): the server accepts no more.
  const listening = server.finished;
  return { url, services, sweeper, shutdown, listening };
}
