/**
 * Text parameters as the database can keep them. PostgreSQL's `text` cannot hold U+0000, and a
 * lone surrogate (which JSON can carry, as `"\ud800"`) has no UTF-8 form: either would fail deep
 * in a query or be changed silently, so both are refused where the request is read.
 */
import * as v from "valibot";

/** A string of `min` to `max` characters that the database can store as it is. */
export function text(max: number, min = 0) {
  return v.pipe(
    v.string(),
    v.check((value: string) => !value.includes("\u0000"), "must not contain the character U+0000"),
    v.check((value: string) => value.isWellFormed(), "must be valid Unicode (no lone surrogates)"),
    v.minLength(min),
    v.maxLength(max),
  );
}
