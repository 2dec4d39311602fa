import assert from "node:assert/strict";
import { mentions, typedMention } from "./mentions.ts";

Deno.test("a message mentions a username, in any case, not inside an address", () => {
  assert.equal(mentions("hi @Ann.", "ann"), true);
  assert.equal(mentions("(@ann) look", "ANN"), true);
  assert.equal(mentions("mail ann@example.com", "example"), false);
  assert.equal(mentions("hi @anna", "ann"), false);
  assert.equal(mentions("x@ann", "ann"), false);
});

Deno.test("the name being typed after an @ is found before the caret", () => {
  assert.deepEqual(typedMention("hello @an", 9), { start: 6, prefix: "an" });
  assert.deepEqual(typedMention("@", 1), { start: 0, prefix: "" });
  assert.equal(typedMention("mail ann@ex", 11), undefined);
  assert.equal(typedMention("hello @an more", 14), undefined);
});
