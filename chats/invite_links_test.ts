/** Invite links: what opening one shows, joining by it, its expiry, uses and revocation. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { usersInDb } from "../tests/helpers/accounts.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { createGroup, groupInfo } from "./groups.ts";
import { createLink, joinByLink, listLinks, previewLink, revokeLink } from "./invite_links.ts";

const SETTINGS = { maxMembers: 100, requireEmailConfirmation: true };

dbTest("a link shows the group and lets the signed-in join, once each", async ({ db }) => {
  const { ann, bob, cat } = await usersInDb(db, "ann", "bob", "cat");
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "Club", memberIds: [] });
  const link = await createLink(db, ann, chatId, {});
  assert.match(link.code, /^[0-9a-f]{24}$/);
  assert.deepEqual(await previewLink(db, bob, link.code), {
    state: "open",
    chatId,
    title: "Club",
    pictureVersion: 0,
    memberCount: 1,
    member: false,
  });
  assert.equal(await joinByLink(db, SETTINGS, bob, link.code), chatId);
  // Joining again changes nothing and uses nothing.
  assert.equal(await joinByLink(db, SETTINGS, bob, link.code), chatId);
  assert.equal((await previewLink(db, bob, link.code)).state, "open");
  const [listed] = await listLinks(db, ann, chatId);
  assert.equal(listed.uses, 1);
  assert.deepEqual(await groupInfo(db, cat, chatId).catch((e) => e.status), 404);
  assert.deepEqual(await previewLink(db, bob, "0123456789abcdef01234567"), { state: "unknown" });
  await assert.rejects(joinByLink(db, SETTINGS, cat, "0123456789abcdef01234567"), httpStatus(404));
});

dbTest("a link ends when revoked, expired or used up, and says so", async ({ db }) => {
  const names = Array.from({ length: 10 }, (_, i) => `j${i}`);
  const { ann, bob, cat, ...joiners } = await usersInDb(db, "ann", "bob", "cat", ...names);
  const { chatId } = await createGroup(db, SETTINGS, ann, { title: "Club", memberIds: [] });

  const revoked = await createLink(db, ann, chatId, {});
  await revokeLink(db, ann, chatId, revoked.id);
  assert.deepEqual(await previewLink(db, bob, revoked.code), { state: "revoked" });
  await assert.rejects(joinByLink(db, SETTINGS, bob, revoked.code), httpStatus(409));
  await assert.rejects(revokeLink(db, ann, chatId, 999_999), httpStatus(404));

  const expiring = await createLink(db, ann, chatId, { expiresInSeconds: 3600 });
  assert.equal((await previewLink(db, bob, expiring.code)).state, "open");
  await db.query("update invite_links set expires_at = now() - interval '1 second' where id = $1", [
    expiring.id,
  ]);
  assert.deepEqual(await previewLink(db, bob, expiring.code), { state: "expired" });
  await assert.rejects(joinByLink(db, SETTINGS, bob, expiring.code), httpStatus(409));

  // Ten people at once on a link for three: three get in.
  const limited = await createLink(db, ann, chatId, { maxUses: 3 });
  const outcomes = await Promise.allSettled(
    Object.values(joiners).map((id) => joinByLink(db, SETTINGS, id, limited.code)),
  );
  assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 3);
  assert.deepEqual(await previewLink(db, cat, limited.code), { state: "used_up" });
  assert.equal((await groupInfo(db, ann, chatId)).memberCount, 4);
});

dbTest("joining by link keeps to the group's limit", async ({ db }) => {
  const { ann, bob, cat } = await usersInDb(db, "ann", "bob", "cat");
  const small = { ...SETTINGS, maxMembers: 2 };
  const { chatId } = await createGroup(db, small, ann, { title: "Pair", memberIds: [] });
  const link = await createLink(db, ann, chatId, {});
  await joinByLink(db, small, bob, link.code);
  await assert.rejects(joinByLink(db, small, cat, link.code), httpStatus(409));
});
