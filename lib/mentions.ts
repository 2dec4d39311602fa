/**
 * `@username` in messages: found the same way when rendering (highlighted), when deciding to notify
 * (a mention notifies even in a muted chat) and when completing a name being typed. A mention is a
 * username's shape, not part of an address (`ann@example.com`), and does not end in a dot, which
 * ends the sentence instead.
 */

const NAME = "[A-Za-z][A-Za-z0-9_.]{1,30}[A-Za-z0-9_]";
/** A mention at the start of a text. */
export const MENTION_AT_START = new RegExp(`^@(${NAME})`);
const MENTIONS = new RegExp(`(^|[^\\w@.])@(${NAME})`, "g");

/** Whether `content` mentions `username`. */
export function mentions(content: string, username: string): boolean {
  const wanted = username.toLowerCase();
  for (const match of content.matchAll(MENTIONS)) {
    if (match[2].toLowerCase() === wanted) return true;
  }
  return false;
}

/** Whether an `@` at `index` of `text` may start a mention (not inside a word or an address). */
export function mayStartMention(text: string, index: number): boolean {
  return index === 0 || !/[\w@.]/.test(text[index - 1]);
}

/** The `@name` being typed just before `caret`: where it starts and what is typed so far. */
export function typedMention(
  text: string,
  caret: number,
): { start: number; prefix: string } | undefined {
  const match = /@([A-Za-z0-9_.]{0,32})$/.exec(text.slice(0, caret));
  if (!match || !mayStartMention(text, match.index)) return undefined;
  return { start: match.index, prefix: match[1] };
}
