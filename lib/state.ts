/** The state every page, handler and middleware shares, typed once. */
import type { Config } from "../config.ts";
import type { Db } from "../db/mod.ts";
import type { Lang, Translate } from "../i18n/mod.ts";
import type { Hub } from "../ws/hub.ts";
import type { Logger } from "./log.ts";

/** The long-lived parts of a running server. */
export interface Services {
  config: Config;
  db: Db;
  log: Logger;
  hub: Hub;
  /** Turns a static file's path into a URL that changes when the file does. */
  asset(path: string): string;
}

/** The colour scheme a visitor chose; "system" follows the device. */
export type Theme = "light" | "dark" | "system";

/** Per-request state: set up with defaults, then refined by `routes/_middleware.ts`. */
export interface State extends Record<string, unknown> {
  services: Services;
  lang: Lang;
  t: Translate;
  theme: Theme;
}
