import assert from "node:assert/strict";
import { htmlToText } from "./html_text.ts";

Deno.test("HTML's words on one line: blocks part words, inline markup does not", () => {
  assert.equal(
    htmlToText("<p>Lunch at <strong>noon</strong>?</p><p>Or later</p>"),
    "Lunch at noon? Or later",
  );
  assert.equal(htmlToText("<ul><li>one</li><li>two</li></ul>a<br>b"), "one two a b");
  assert.equal(htmlToText('<a href="/x">&lt;link&gt;</a> &amp; more'), "<link> & more");
});
