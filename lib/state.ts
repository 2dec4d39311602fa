/** The state every page, handler and middleware shares, typed once. */
import type { AccountDeps } from "../accounts/deps.ts";
import type { SessionInfo } from "../accounts/sessions.ts";
import type { CurrentUser } from "../accounts/users.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/mod.ts";
import type { FileStorage } from "../files/storage.ts";
import type { HelpCatalog } from "../help/catalog.ts";
import type { Lang, Translate } from "../i18n/mod.ts";
import type { Hub } from "../ws/hub.ts";
import type { ClientIpOf } from "./client_ip.ts";
import type { Logger } from "./log.ts";

/** The long-lived parts of a running server. */
export interface Services {
  config: Config;
  db: Db;
  log: Logger;
  hub: Hub;
  accounts: AccountDeps;
  /** Where attached files are kept. */
  files: FileStorage;
  /** Signs CSRF tokens and tickets. */
  key: Uint8Array;
  /** Turns a static file's path into a URL that changes when the file does. */
  asset(path: string): string;
  /** The request's client address (see `lib/client_ip.ts`). */
  clientIp: ClientIpOf;
  /** Demo accounts with published passwords exist: signed-in visitors are told. */
  demoAccounts: boolean;
  /** This process, among those serving the same database (`server_processes`). */
  processId: string;
  /** The help center's articles. */
  help: HelpCatalog;
  /** The public VAPID key browsers subscribe to Web Push with (`push/vapid.ts`). */
  vapidPublicKey: string;
}

/** The colour scheme a visitor chose; "system" follows the device. */
export type Theme = "light" | "dark" | "system";

/** Per-request state: set up with defaults, then refined by `routes/_middleware.ts`. */
export interface State extends Record<string, unknown> {
  services: Services;
  lang: Lang;
  t: Translate;
  theme: Theme;
  /** The signed-in user and their session, when there is one. */
  user?: CurrentUser;
  session?: SessionInfo;
  /** The token forms must send back (see `lib/csrf.ts`). */
  csrf: string;
  /** The client's address, behind a trusted proxy the one it forwards. */
  clientIp: string;
}
