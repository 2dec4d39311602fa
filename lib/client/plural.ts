/** Counted words ("1 member", "5 участников"), by the plural rules of the interface's language. */
import { fill } from "../../i18n/fill.ts";

/** `labels[key.<category>]` for `count`, filled in; the `other` form when a category is missing. */
export function counted(
  labels: Record<string, string>,
  key: string,
  count: number,
  locale: string,
): string {
  const category = new Intl.PluralRules(locale).select(count);
  return fill(labels[`${key}.${category}`] ?? labels[`${key}.other`], { count });
}
