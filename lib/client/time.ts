/**
 * Times and days as the messenger shows them, in the interface's language and the visitor's time
 * zone: the server renders with the same clock as the browser, so nothing changes on hydration.
 * One formatter each, made once: building one per call costs more than rendering a list.
 */

/** Where and how times are shown: a language tag and an IANA time zone. */
export interface ClockSettings {
  locale: string;
  timeZone: string;
}

/** Formats times for one locale and time zone. */
export interface Clock {
  /** "14:05" (or "2:05 PM", as the locale has it). */
  timeOf(iso: string): string;
  /** "25 Nov 2026". */
  dayOf(iso: string): string;
  /** "25 Nov 2026, 14:05". */
  momentOf(iso: string): string;
}

/** A clock for `settings`; an unknown time zone falls back to UTC. */
export function makeClock({ locale, timeZone }: ClockSettings): Clock {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  const format = (options: Intl.DateTimeFormatOptions) => {
    const formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    return (iso: string) => formatter.format(new Date(iso));
  };
  return {
    timeOf: format({ hour: "2-digit", minute: "2-digit" }),
    dayOf: format({ dateStyle: "medium" }),
    momentOf: format({ dateStyle: "medium", timeStyle: "short" }),
  };
}

/** Whether `name` is a time zone this runtime knows. */
export function isTimeZone(name: string | undefined): name is string {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The cookie the browser keeps its time zone in, for the server's rendering. */
export const TIME_ZONE_COOKIE = "tz";

/** The browser's own time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
