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
  /** The language tag it formats for, which sizes and counts follow too. */
  locale: string;
  /** "14:05" (or "2:05 PM", as the locale has it). */
  timeOf(iso: string): string;
  /** "Today", "Yesterday", "25 Nov", "25 Nov 2025": a day's heading. */
  dayOf(iso: string): string;
  /** "today at 14:05", "yesterday at 14:05", "25 Nov at 14:05". */
  momentOf(iso: string): string;
  /** A chat list's time: "14:05" today, else the day ("25 Nov"). */
  whenOf(iso: string): string;
}

/** The word between a day and a time ("today at 14:05"), by language. */
const AT: Record<string, string> = { en: "at", ru: "в" };

/** A clock for `settings`; an unknown time zone falls back to UTC. `now` is for tests. */
export function makeClock(
  { locale, timeZone }: ClockSettings,
  now: () => Date = () => new Date(),
): Clock {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
  const time = format({ hour: "2-digit", minute: "2-digit" });
  const dayThisYear = format({ day: "numeric", month: "short" });
  const dayOtherYear = format({ day: "numeric", month: "short", year: "numeric" });
  const calendar = format({ year: "numeric", month: "numeric", day: "numeric" });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  /** Days from `date` to today, counted in the time zone's calendar. */
  const daysAgo = (date: Date) => {
    const day = (d: Date) => {
      const parts = Object.fromEntries(
        calendar.formatToParts(d).map((part) => [part.type, Number(part.value)]),
      );
      return Date.UTC(parts.year, parts.month - 1, parts.day) / 86_400_000;
    };
    return day(now()) - day(date);
  };
  const day = (date: Date, capital: boolean) => {
    const ago = daysAgo(date);
    if (ago === 0 || ago === 1) {
      const word = relative.format(-ago, "day");
      return capital ? word[0].toLocaleUpperCase(locale) + word.slice(1) : word;
    }
    const sameYear = dayOtherYear.formatToParts(date).find((p) => p.type === "year")?.value ===
      dayOtherYear.formatToParts(now()).find((p) => p.type === "year")?.value;
    return (sameYear ? dayThisYear : dayOtherYear).format(date);
  };
  return {
    locale,
    timeOf: (iso) => time.format(new Date(iso)),
    dayOf: (iso) => day(new Date(iso), true),
    momentOf: (iso) => {
      const date = new Date(iso);
      return `${day(date, false)} ${AT[locale] ?? AT.en} ${time.format(date)}`;
    },
    whenOf: (iso) => {
      const date = new Date(iso);
      return daysAgo(date) === 0 ? time.format(date) : day(date, true);
    },
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
