/**
 * Groups' pages over HTTP: an invite link opened signed out comes back after signing in, then
 * joins; an ended link says so; a group's picture is set by its admins and served to anyone.
 */
import assert from "node:assert/strict";
import { Jimp } from "jimp";
import { createGroup } from "../chats/groups.ts";
import { createLink, revokeLink } from "../chats/invite_links.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

const SETTINGS = { maxMembers: 100, requireEmailConfirmation: false };

async function idOf(server: TestServer, username: string): Promise<number> {
  const [row] = await server.services.db.query<{ id: number }>(
    "select id from users where username = $1",
    [username],
  );
  return row.id;
}

serverTest("an invite link opened signed out comes back after signing in", async (server) => {
  const owner = new WebClient(server.url);
  await registerThroughForm(owner, "olga");
  const guest = new WebClient(server.url);
  await registerThroughForm(guest, "gleb");
  await guest.post("/logout", {}, "/im");
  const { db } = server.services;
  const { chatId } = await createGroup(db, SETTINGS, await idOf(server, "olga"), {
    title: "Book club",
    memberIds: [],
  });
  const link = await createLink(db, await idOf(server, "olga"), chatId, {});
  const path = `/join/${link.code}`;

  const away = await guest.fetch(path);
  assert.equal(away.status, 303);
  assert.equal(away.headers.get("location"), `/?next=${encodeURIComponent(path)}`);
  const home = await guest.page(away.headers.get("location")!);
  assert.match(home, new RegExp(`name="next" value="${path}"`));
  assert.doesNotMatch(await guest.page("/?next=https://evil.example/"), /name="next"/);
  const signedIn = await guest.post("/login", {
    login: "gleb",
    password: GOOD_PASSWORD,
    next: path,
  }, `/?next=${encodeURIComponent(path)}`);
  assert.equal(signedIn.headers.get("location"), path);

  const page = await guest.page(path);
  assert.match(page, /Book club/);
  assert.match(page, /1 member/);
  const joined = await guest.post(path, {}, path);
  assert.equal(joined.status, 303);
  assert.equal(joined.headers.get("location"), `/im/${chatId}`);
  assert.match(await guest.page(path), /You are already in this group/);

  await revokeLink(db, await idOf(server, "olga"), chatId, link.id);
  const ended = await owner.fetch(path);
  assert.equal(ended.status, 410);
  assert.match(await ended.text(), /This invite link was revoked/);
  assert.equal((await owner.fetch("/join/0123456789abcdef")).status, 404);
}, { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } });

serverTest("a group's picture is set by its admins and served to anyone", async (server) => {
  const owner = new WebClient(server.url);
  await registerThroughForm(owner, "olga");
  const member = new WebClient(server.url);
  await registerThroughForm(member, "mila");
  const { db } = server.services;
  const { chatId } = await createGroup(db, SETTINGS, await idOf(server, "olga"), {
    title: "Club",
    memberIds: [await idOf(server, "mila")],
  });
  const png = new Uint8Array(
    await new Jimp({ width: 300, height: 200, color: 0x22aa66ff }).getBuffer("image/png"),
  );
  const upload = async (client: WebClient, bytes: Uint8Array, type: string, csrf = true) => {
    const form = new FormData();
    if (csrf) form.set("_csrf", await client.csrf("/im"));
    form.set("picture", new File([bytes as BlobPart], "p", { type }));
    return await client.fetch(`/group-pictures/${chatId}`, { method: "POST", body: form });
  };
  assert.equal((await upload(member, png, "image/png")).status, 403);
  assert.equal((await upload(owner, png, "image/png", false)).status, 403);
  const text = await upload(owner, new TextEncoder().encode("<svg/>"), "image/png");
  assert.equal(text.status, 415);
  const done = await upload(owner, png, "image/png");
  assert.equal(done.status, 200);
  assert.equal((await done.json()).pictureVersion, 1);

  const served = await fetch(new URL(`/group-pictures/${chatId}?v=1`, server.url));
  assert.equal(served.headers.get("content-type"), "image/jpeg");
  assert.match(served.headers.get("cache-control")!, /immutable/);
  const decoded = await Jimp.fromBuffer(await served.arrayBuffer());
  assert.deepEqual([decoded.width, decoded.height], [256, 256]);
  assert.equal((await fetch(new URL("/group-pictures/999999", server.url))).status, 404);
});
