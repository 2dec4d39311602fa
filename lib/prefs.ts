/** The visitor's remembered choices (theme and language), kept in plain cookies for a year. */
import { parseCookie, stringifySetCookie } from "cookie";
import { isLang, type Lang } from "../i18n/mod.ts";
import type { Theme } from "./state.ts";
import { type ClockSettings, isTimeZone, TIME_ZONE_COOKIE } from "./client/time.ts";

const YEAR = 365 * 24 * 3600;

/** The theme and the language chosen with the switches, when they were. */
export function readPrefs(req: Request): { theme: Theme; lang?: Lang } {
  const cookies = parseCookie(req.headers.get("cookie") ?? "");
  const theme = cookies.theme === "light" || cookies.theme === "dark" ? cookies.theme : "system";
  return { theme, lang: isLang(cookies.lang) ? cookies.lang : undefined };
}

/** A Set-Cookie header remembering one choice. */
export function prefCookie(name: "theme" | "lang", value: string): string {
  return stringifySetCookie({ name, value, path: "/", maxAge: YEAR, sameSite: "lax" });
}

/** How to show times to this visitor: in `lang`, and the time zone their browser reported. */
export function clockOf(req: Request, lang: Lang): ClockSettings {
  const zone = parseCookie(req.headers.get("cookie") ?? "")[TIME_ZONE_COOKIE];
  return { locale: lang, timeZone: isTimeZone(zone) ? zone : "UTC" };
}
