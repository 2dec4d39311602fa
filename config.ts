/**
 * Settings, read once from the environment and validated at start. Every variable is
 * documented in README.md; `.example.env` lists them with their defaults.
 */
// @ts-types="@types/proxy-addr"
import proxyAddr from "proxy-addr";
import { LOG_LEVELS, type LogLevel } from "./lib/log.ts";
import { openFileLimit } from "./lib/open_files.ts";

/** The validated settings of one server. */
export interface Config {
  port: number;
  /** The interface to listen on (`HOST`). */
  hostname: string;
  /** A PostgreSQL URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** At least 32 characters; when absent one is generated once and kept in `dataDir`. */
  secret?: string;
  logLevel: LogLevel;
  env: "development" | "production";
  /** The address people reach the site at, when it differs from the Host header (a proxy). */
  publicUrl?: URL;
  /**
   * Names (with a port, or any port without one) that requests may carry in their Host header
   * besides `publicUrl`'s, loopback names and the listening address (`ALLOWED_HOSTS`).
   */
  allowedHosts: string[];
  sweepIntervalSeconds: number;
  wsMaxFrameBytes: number;
  wsIdleTimeoutSeconds: number;
  /** WebSockets open at once, at most; more are refused with 503. */
  wsMaxConnections: number;
  /** WebSockets without a session that one address may hold in one process; more get 429. */
  wsAnonymousPerIp: number;
  /** Seconds a WebSocket may stay without a session before it is closed (1008). */
  wsSignInSeconds: number;
  shutdownTimeoutSeconds: number;
  /** Live sessions an account may hold; a new sign-in ends the oldest beyond it. */
  maxSessions: number;
  /** How long a session lives after its last use. */
  sessionTtlSeconds: number;
  /** A session used from another IP address than the one that created it is refused. */
  sessionBindIp: boolean;
  /** Unconfirmed accounts may not start chats. */
  requireEmailConfirmation: boolean;
  /** Members a group may have. */
  groupMaxMembers: number;
  /** Users made admins at start (`ADMIN_USERNAMES`). */
  adminUsernames: string[];
  /** The largest file one may upload. */
  maxUploadBytes: number;
  /** What one user's uploaded files may add up to. */
  userQuotaBytes: number;
  /** An S3-compatible bucket for files; without it they are kept under `dataDir/files`. */
  s3?: S3Settings;
  /** `smtp://` or `smtps://` URL of the mail server; without it mail goes to the log. */
  smtpUrl?: string;
  /** The From address of Parley's mail. */
  mailFrom: string;
  /** VAPID keys for Web Push (both or neither; without them, generated into `dataDir`). */
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
  /** How push services can reach the installation's operator: a `mailto:` or `https:` URL. */
  vapidSubject: string;
  /** The push services' hosts notifications may be sent to (`*.` for subdomains). */
  pushServices: string[];
  /** Create demo users and chats in an empty database. */
  demoData: boolean;
  /**
   * Proxies whose `X-Forwarded-For` names the client (addresses, CIDRs, or proxy-addr's names such
   * as `loopback`); empty: the client is the direct peer.
   */
  trustProxy: string[];
  /** How long to keep trying to reach the database at start. */
  dbConnectTimeoutSeconds: number;
  /** What is allowed but probably not meant, to be logged at start. */
  warnings: string[];
}

/** An S3-compatible bucket for files (path-style addresses). */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The push services of Chrome, Edge, Firefox and Safari: where notifications may go by default. */
export const DEFAULT_PUSH_SERVICES = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.notify.windows.com",
  "*.push.apple.com",
];

/** Every problem with the environment, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the settings from `env`; throws a `ConfigError` naming each bad value. */
/** Seconds a socket may stay silent before the runtime pings it (at half) and then drops it. */
export const DEFAULT_WS_IDLE_TIMEOUT_SECONDS = 30;

export function loadConfig(env: Env = Deno.env.toObject()): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | string): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") return fallback;
    const parsed = parse(raw);
    if (typeof parsed === "string" && typeof fallback !== "string") {
      problems.push(`${name}=${JSON.stringify(raw)}: ${parsed}`);
      return fallback;
    }
    return parsed as T;
  };
  const integer = (min: number, max: number) => (raw: string): number | string => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? value
      : `expected a whole number from ${min} to ${max}`;
  };
  const oneOf = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${choices.join(", ")}`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL: expected a postgres:// or postgresql:// URL");
  }
  const secret = env.SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push("SECRET: expected at least 32 characters");
  }
  let publicUrl: URL | undefined;
  if (env.PUBLIC_URL?.trim()) {
    try {
      publicUrl = new URL(env.PUBLIC_URL.trim());
      if (!/^https?:$/.test(publicUrl.protocol)) throw new TypeError();
    } catch {
      problems.push(`PUBLIC_URL=${JSON.stringify(env.PUBLIC_URL)}: expected an http(s) URL`);
    }
  }

  const allowedHosts = (env.ALLOWED_HOSTS ?? "").split(",").map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  for (const item of allowedHosts) {
    if (!isHostName(item)) {
      problems.push(
        `ALLOWED_HOSTS: ${JSON.stringify(item)} is not a host name, with or without a port`,
      );
    }
  }

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (["true", "1", "yes", "on"].includes(raw)) return true;
    if (["false", "0", "no", "off"].includes(raw)) return false;
    problems.push(`${name}=${JSON.stringify(env[name])}: expected true or false`);
    return fallback;
  };
  const s3 = s3Settings(env, problems);
  const mailFrom = env.MAIL_FROM?.trim() || "Parley <parley@localhost>";
  const vapidPublicKey = env.VAPID_PUBLIC_KEY?.trim() || undefined;
  const vapidPrivateKey = env.VAPID_PRIVATE_KEY?.trim() || undefined;
  if ((vapidPublicKey === undefined) !== (vapidPrivateKey === undefined)) {
    problems.push("VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both, or neither");
  }
  const subject = env.VAPID_SUBJECT?.trim();
  if (subject && !/^(mailto:|https:\/\/)/.test(subject)) {
    problems.push("VAPID_SUBJECT: expected a mailto: or https:// URL");
  }
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    problems.push("SMTP_URL: expected an smtp:// or smtps:// URL");
  }

  const warnings: string[] = [];
  // HOST, so as not to collide with the shell's HOSTNAME; HOSTNAME is still read where HOST is not.
  const host = env.HOST?.trim();
  const hostnameVariable = env.HOSTNAME?.trim();
  if (host && hostnameVariable && host !== hostnameVariable) {
    warnings.push(`HOST=${host} and HOSTNAME=${hostnameVariable} differ: listening on HOST`);
  }
  const hostname = host || hostnameVariable || "127.0.0.1";
  const trustProxy = (env.TRUST_PROXY ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  if (trustProxy.length > 0) {
    try {
      proxyAddr.compile(trustProxy);
    } catch (error) {
      problems.push(`TRUST_PROXY=${JSON.stringify(env.TRUST_PROXY)}: ${(error as Error).message}`);
    }
  }
  const parleyEnv = oneOf("PARLEY_ENV", ["development", "production"] as const, "production");
  // Listening on loopback, only this machine's visitors can be sent links.
  const loopbackOnly = /^(127\.|localhost$|::1$|\[::1\]$)/.test(hostname);
  if (!publicUrl && parleyEnv === "production" && !loopbackOnly) {
    warnings.push(
      "PUBLIC_URL is unset: links in mail use the address each visitor reached, and only " +
        "loopback names, the listening address and ALLOWED_HOSTS are served",
    );
  }

  const config: Config = {
    port: read("PORT", 8000, integer(0, 65535)),
    hostname,
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || "./data",
    secret,
    logLevel: oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    env: parleyEnv,
    publicUrl,
    allowedHosts,
    sweepIntervalSeconds: read("SWEEP_INTERVAL_SECONDS", 600, integer(1, 86_400)),
    wsMaxFrameBytes: read("WS_MAX_FRAME_BYTES", 256 * 1024, integer(1024, 64 * 1024 * 1024)),
    wsIdleTimeoutSeconds: read(
      "WS_IDLE_TIMEOUT_SECONDS",
      DEFAULT_WS_IDLE_TIMEOUT_SECONDS,
      integer(0, 3600),
    ),
    wsMaxConnections: read("WS_MAX_CONNECTIONS", defaultMaxConnections(), integer(1, 10_000_000)),
    wsAnonymousPerIp: read("WS_ANONYMOUS_PER_IP", 20, integer(1, 1_000_000)),
    wsSignInSeconds: read("WS_SIGN_IN_SECONDS", 60, integer(1, 86_400)),
    shutdownTimeoutSeconds: read("SHUTDOWN_TIMEOUT_SECONDS", 10, integer(0, 600)),
    maxSessions: read("MAX_SESSIONS", 10, integer(1, 1000)),
    sessionTtlSeconds: read("SESSION_TTL_SECONDS", 5 * 86_400, integer(60, 365 * 86_400)),
    sessionBindIp: boolean("SESSION_BIND_IP", false),
    requireEmailConfirmation: boolean("REQUIRE_EMAIL_CONFIRMATION", true),
    groupMaxMembers: read("GROUP_MAX_MEMBERS", 1000, integer(2, 100_000)),
    adminUsernames: (env.ADMIN_USERNAMES ?? "").split(",").map((name) => name.trim())
      .filter(Boolean),
    maxUploadBytes: read("MAX_UPLOAD_BYTES", 100 * MIB, integer(1, Number.MAX_SAFE_INTEGER)),
    userQuotaBytes: read("USER_QUOTA_BYTES", 2048 * MIB, integer(1, Number.MAX_SAFE_INTEGER)),
    s3,
    smtpUrl,
    mailFrom,
    vapidPublicKey,
    vapidPrivateKey,
    vapidSubject: env.VAPID_SUBJECT?.trim() || `mailto:${addressOf(mailFrom)}`,
    pushServices: env.PUSH_SERVICES?.trim()
      ? env.PUSH_SERVICES.split(",").map((host) => host.trim().toLowerCase()).filter(Boolean)
      : DEFAULT_PUSH_SERVICES,
    // Demo accounts have published passwords: by default only where no one else can reach them.
    demoData: boolean(
      "DEMO_DATA",
      parleyEnv === "development" || (databaseUrl === undefined && isLoopback(hostname)),
    ),
    trustProxy,
    dbConnectTimeoutSeconds: read("DB_CONNECT_TIMEOUT_SECONDS", 30, integer(0, 3600)),
    warnings,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Whether `hostname` is an interface only this machine reaches. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "::1" || /^127\./.test(hostname);
}

/**
 * Below the open-file limit by a margin for the database, files and plain HTTP requests: at the
 * limit itself the server could no longer accept even those.
 */
function defaultMaxConnections(): number {
  const limit = openFileLimit();
  return limit === undefined ? 10_000_000 : Math.max(1, limit - FILES_KEPT_FREE);
}

const FILES_KEPT_FREE = 512;

const MIB = 1024 * 1024;

/** The bucket, when `S3_ENDPOINT` or `S3_BUCKET` is set: then every setting it needs must be. */
function s3Settings(env: Env, problems: string[]): S3Settings | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const endpoint = value("S3_ENDPOINT");
  const bucket = value("S3_BUCKET");
  if (!endpoint && !bucket) return undefined;
  const accessKeyId = value("S3_ACCESS_KEY_ID");
  const secretAccessKey = value("S3_SECRET_ACCESS_KEY");
  const missing = Object.entries({
    S3_ENDPOINT: endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: accessKeyId,
    S3_SECRET_ACCESS_KEY: secretAccessKey,
  }).filter(([, v]) => !v).map(([name]) => name);
  if (missing.length > 0) {
    problems.push(`${missing.join(", ")}: needed with the other S3 settings`);
    return undefined;
  }
  if (!/^https?:\/\//.test(endpoint!)) {
    problems.push(`S3_ENDPOINT=${JSON.stringify(endpoint)}: expected an http(s) URL`);
    return undefined;
  }
  return {
    endpoint: endpoint!,
    bucket: bucket!,
    accessKeyId: accessKeyId!,
    secretAccessKey: secretAccessKey!,
    region: value("S3_REGION") ?? "us-east-1",
  };
}

/** `name` or `name:port`, as a Host header carries it (IPv6 addresses in brackets). */
/** The address of a From line: `b@c` of `A <b@c>`, or the line itself. */
function addressOf(from: string): string {
  return from.match(/<([^>]+)>/)?.[1] ?? from;
}

function isHostName(value: string): boolean {
  return /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/.test(value);
}
