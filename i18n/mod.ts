/** Russian and English: choosing the language of a request and looking strings up. */
import { en, type MessageKey } from "./en.ts";
import { fill } from "./fill.ts";
import { ru } from "./ru.ts";

export type { MessageKey } from "./en.ts";
export { fill } from "./fill.ts";

/** The languages Parley speaks, the first being the fallback. */
export const LANGS = ["en", "ru"] as const;
export type Lang = typeof LANGS[number];

const TABLES: Record<Lang, Record<MessageKey, string>> = { en, ru };

/** Looks a string up and fills in its `{placeholders}`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Whether `value` is a language Parley speaks. */
export function isLang(value: unknown): value is Lang {
  return LANGS.includes(value as Lang);
}

/** The string table of `lang` as a lookup function. */
export function translator(lang: Lang): Translate {
  const table = TABLES[lang];
  return (key, params) => fill(table[key], params);
}

/** The strings whose keys start with `prefix`, for an island's props. */
export function messagesWithPrefix(lang: Lang, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(TABLES[lang]).filter(([key]) => key.startsWith(prefix)),
  );
}

/** The language chosen with the switch (a cookie), else the best of Accept-Language, else English. */
export function negotiateLang(chosen: string | undefined, acceptLanguage: string | null): Lang {
  if (isLang(chosen)) return chosen;
  const ranked = (acceptLanguage ?? "").split(",").map((part) => {
    const [tag, ...attributes] = part.trim().split(";");
    const q = attributes.map((a) => a.trim()).find((a) => a.startsWith("q="));
    return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) : 1 };
  }).filter((entry) => entry.q > 0).sort((a, b) => b.q - a.q);
  return ranked.find((entry) => isLang(entry.lang))?.lang as Lang | undefined ?? LANGS[0];
}
