/**
 * What a searcher typed, made safe for PostgreSQL's full-text search: letters and digits only, so
 * nothing typed can be tsquery syntax. Help search and message search both read queries this way.
 */

/** At most this many words of a query count. */
const MAX_WORDS = 8;

/** The query's words, lower-cased. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_WORDS) ?? [];
}

/** The words as a tsquery: each a prefix (a word still being typed matches), all required. */
export function prefixQuery(text: string): string | undefined {
  const words = searchWords(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : undefined;
}

/** Marks around matched words that cannot occur in searched text. */
export const MARK_START = "\u0001";
export const MARK_STOP = "\u0002";

/**
 * Text with marked words (`ts_headline` with the marks above) as pieces: the odd ones are the
 * matched words. Pieces need no escaping rules of their own: they are shown as text.
 */
export function markedPieces(marked: string): string[] {
  const pieces = [""];
  for (const part of marked.split(MARK_START)) {
    const [hit, rest] = part.split(MARK_STOP);
    if (rest === undefined) pieces[pieces.length - 1] += hit;
    else pieces.push(hit, rest);
  }
  return pieces;
}
