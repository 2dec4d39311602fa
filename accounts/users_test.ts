import assert from "node:assert/strict";
import { avatarUrl, mayStartChats, shownName } from "./users.ts";

Deno.test("unconfirmed accounts start chats only where confirmation is not required", () => {
  assert.equal(mayStartChats({ emailConfirmed: false }, { requireEmailConfirmation: true }), false);
  assert.equal(mayStartChats({ emailConfirmed: true }, { requireEmailConfirmation: true }), true);
  assert.equal(mayStartChats({ emailConfirmed: false }, { requireEmailConfirmation: false }), true);
});

Deno.test("a user is shown by display name, else username; avatars by version", () => {
  assert.equal(shownName({ username: "ann", displayName: "  " }), "ann");
  assert.equal(shownName({ username: "ann", displayName: "Ann K." }), "Ann K.");
  assert.equal(avatarUrl({ id: 4, avatarVersion: 0 }), undefined);
  assert.equal(avatarUrl({ id: 4, avatarVersion: 3 }), "/avatars/4?v=3");
});
