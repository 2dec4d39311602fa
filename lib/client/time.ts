/**
 * Times and days as the messenger shows them. One formatter each, made once: building one per
 * call (what `toLocaleTimeString` does) costs more than everything else in rendering a list.
 */
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "14:05" (or "2:05 PM", as the locale has it). */
export const timeOf = (iso: string) => clock.format(new Date(iso));
/** "25 Nov 2026". */
export const dayOf = (iso: string) => date.format(new Date(iso));
/** "25 Nov 2026, 14:05". */
export const momentOf = (iso: string) => dateTime.format(new Date(iso));
