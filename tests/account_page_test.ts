/** The account page over HTTP: each tab's actions, the avatar, and the session cookie. */
import assert from "node:assert/strict";
import { Jimp } from "jimp";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD, HOUR, TestClock } from "./helpers/accounts.ts";
import { openTestDb } from "./helpers/db.ts";
import { serverTest, startTestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

const DEV = { env: { PARLEY_ENV: "development" } };

serverTest("the account page: profile, privacy, password, sessions, delete", async (server) => {
  const client = new WebClient(server.url);
  await registerThroughForm(client, "olga");
  const post = (fields: Record<string, string>) => client.post("/account", fields, "/account");

  let response = await post({ tab: "profile", action: "displayName", displayName: "Olga K." });
  assert.equal(response.headers.get("location"), "/account?tab=profile&done=account.saved");
  assert.match(await client.page("/account"), /class="me-name">Olga K\.</);

  response = await post({ tab: "profile", action: "username", username: "1bad" });
  assert.equal(response.status, 422);
  assert.match(await response.text(), /A username has 3–32 characters/);

  response = await post({
    tab: "privacy",
    action: "privacy",
    findBy: "contacts",
    messageFrom: "contacts",
    lastSeen: "nobody",
    groupAddFrom: "contacts",
  });
  assert.equal(response.status, 303);
  const privacy = await client.page("/account?tab=privacy");
  assert.match(privacy, /name="findBy" value="contacts" checked/);
  assert.match(privacy, /name="lastSeen" value="nobody" checked/);
  assert.match(privacy, /name="groupAddFrom" value="contacts" checked/);
  assert.match(privacy, /name="pushShowsText"(?! checked)/, "an unticked box is not sent");
  response = await post({
    tab: "privacy",
    action: "privacy",
    findBy: "contacts",
    messageFrom: "contacts",
    lastSeen: "nobody",
    groupAddFrom: "contacts",
    pushShowsText: "on",
  });
  assert.match(await client.page("/account?tab=privacy"), /name="pushShowsText" checked/);
  response = await post({
    tab: "privacy",
    action: "privacy",
    findBy: "aliens",
    messageFrom: "contacts",
    lastSeen: "nobody",
    groupAddFrom: "contacts",
  });
  assert.equal(response.status, 422);

  const laptop = new WebClient(server.url, {
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  });
  await laptop.post("/login", { login: "olga", password: GOOD_PASSWORD }, "/");
  const sessions = await client.page("/account?tab=sessions");
  assert.equal(sessions.match(/class="session"/g)?.length, 2);
  assert.match(sessions, /Firefox, Linux/);
  assert.doesNotMatch(sessions, /🔔/);
  // The laptop allows notifications: its session says so.
  await server.services.db.query(
    `insert into push_subscriptions (user_id, token_id, endpoint, p256dh, auth)
     select user_id, id, 'https://fcm.googleapis.com/fcm/send/laptop', 'B', 'a' from tokens
     where user_agent like '%Firefox%'`,
  );
  assert.match(
    await client.page("/account?tab=sessions"),
    /Firefox, Linux<\/strong>(?:(?!class="session").)*🔔 Notifications/s,
  );

  response = await post({
    tab: "password",
    action: "password",
    current: "wrong",
    next: "saffron-wave-falcon-9",
  });
  assert.equal(response.status, 403);
  response = await post({
    tab: "password",
    action: "password",
    current: GOOD_PASSWORD,
    next: "saffron-wave-falcon-9",
  });
  assert.equal(
    response.headers.get("location"),
    "/account?tab=password&done=account.password.changed",
  );
  assert.equal((await laptop.fetch("/im")).headers.get("location"), "/", "the other session ended");
  assert.equal((await client.fetch("/im")).status, 200, "this one goes on");

  response = await post({ tab: "delete", action: "delete", password: "saffron-wave-falcon-9" });
  assert.equal(response.headers.get("location"), "/");
  const again = await new WebClient(server.url).post("/login", {
    login: "olga",
    password: "saffron-wave-falcon-9",
  }, "/");
  assert.equal(again.status, 401);
  const [row] = await server.services.db.query<{ username: string; email: string | null }>(
    "select username, email from users where deleted_at is not null",
  );
  assert.match(row.username, /^deleted_\d+$/);
  assert.equal(row.email, null);
});

/** The start of a PNG that declares `width` × `height` pixels: enough for a decoder to size it. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  bytes.set(new TextEncoder().encode("IHDR"), 12);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

serverTest("an avatar is cropped square, stored as JPEG and served for good", async (server) => {
  const client = new WebClient(server.url);
  await registerThroughForm(client, "petr");
  const picture = (width: number, height: number, mime: "image/png" | "image/gif") =>
    new Jimp({ width, height, color: 0x3366ccff }).getBuffer(mime).then((b) => new Uint8Array(b));
  const wide = await picture(400, 200, "image/png");
  const upload = async (bytes: Uint8Array, type: string) => {
    const form = new FormData();
    form.set("_csrf", await client.csrf("/account"));
    form.set("tab", "profile");
    form.set("action", "avatar");
    form.set("avatar", new File([bytes as BlobPart], "a", { type }));
    return await client.fetch("/account", { method: "POST", body: form });
  };
  assert.equal((await upload(wide, "image/png")).status, 303);
  const page = await client.page("/account");
  const src = page.match(/src="(\/avatars\/\d+\?v=1)"/)![1];
  const avatar = await fetch(new URL(src, server.url));
  assert.equal(avatar.headers.get("content-type"), "image/jpeg");
  assert.match(avatar.headers.get("cache-control")!, /immutable/);
  const decoded = await Jimp.fromBuffer(await avatar.arrayBuffer());
  assert.deepEqual([decoded.width, decoded.height], [256, 256]);
  const centre = decoded.getPixelColor(128, 128);
  const channels = [24, 16, 8].map((shift) => (centre >>> shift) & 0xff);
  [0x33, 0x66, 0xcc].forEach((expected, i) =>
    assert.ok(Math.abs(channels[i] - expected) <= 4, "the picture's colour, within JPEG's loss")
  );

  assert.equal((await upload(await picture(120, 300, "image/gif"), "image/gif")).status, 303);
  assert.match(await client.page("/account"), /src="\/avatars\/\d+\?v=2"/);

  const text = await upload(new TextEncoder().encode("<script>alert(1)</script>"), "image/png");
  assert.equal(text.status, 415);
  assert.equal((await upload(wide, "text/html")).status, 415);
  const huge = await upload(pngHeader(10_000, 10_000), "image/png");
  assert.equal(huge.status, 413, "refused before decoding 100 megapixels");
  assert.match(await huge.text(), /40 megapixels/);
  assert.equal((await upload(pngHeader(300, 300), "image/png")).status, 415, "a header alone");
});

serverTest("each account page action changes what it says it changes", async (server) => {
  const db = server.services.db;
  const client = new WebClient(server.url);
  await registerThroughForm(client, "quinn");
  const post = (fields: Record<string, string>) => client.post("/account", fields, "/account");
  const me = async () =>
    (await db.query<{ username: string; email: string; avatar: boolean; totp: boolean }>(
      `select username, email, exists (select 1 from avatars a where a.user_id = u.id) as avatar,
         totp_enabled_at is not null as totp
       from users u where id = (select max(id) from users)`,
    ))[0];
  const mails = async (to: string) =>
    (await db.query("select 1 from outbox where recipient = $1", [to])).length;

  await post({ tab: "profile", action: "username", username: "quinn2" });
  assert.equal((await me()).username, "quinn2");

  const before = await mails("quinn@example.com");
  await post({ tab: "email", action: "resend" });
  assert.equal(await mails("quinn@example.com"), before + 1, "a new confirmation mail");

  await post({ tab: "email", action: "email", email: "q@example.org", password: GOOD_PASSWORD });
  assert.equal((await me()).email, "quinn@example.com", "not before the new address confirms");
  const mailbox = await client.page("/dev/mailbox?to=q@example.org");
  const link = new URL(mailbox.match(/href="(http[^"]+\/confirm-email\?token=[^"]+)"/)![1]);
  assert.equal((await client.fetch(link.pathname + link.search)).status, 200);
  assert.equal((await me()).email, "q@example.org");

  const png = await new Jimp({ width: 64, height: 64, color: 0x3366ccff }).getBuffer("image/png");
  const upload = new FormData();
  upload.set("_csrf", await client.csrf("/account"));
  upload.set("tab", "profile");
  upload.set("action", "avatar");
  upload.set("avatar", new File([new Uint8Array(png)], "me.png", { type: "image/png" }));
  await client.fetch("/account", { method: "POST", body: upload });
  assert.equal((await me()).avatar, true);
  await post({ tab: "profile", action: "avatarRemove" });
  assert.equal((await me()).avatar, false);

  // Sessions: one ended by id, then every other.
  const tablets = [0, 1, 2].map(() => new WebClient(server.url));
  for (const tablet of tablets) {
    await tablet.post("/login", { login: "quinn2", password: GOOD_PASSWORD }, "/");
  }
  const [{ id: oldest }] = await db.query<{ id: number }>(
    "select min(id) as id from tokens where revoked_at is null and id > (select min(id) from tokens)",
  );
  await post({ tab: "sessions", action: "revoke", id: String(oldest) });
  const live = async () => (await Promise.all(tablets.map(async (t) =>
    (await t.fetch("/im")).status === 200
  )));
  assert.deepEqual(await live(), [false, true, true]);
  await post({ tab: "sessions", action: "revokeOthers" });
  assert.deepEqual(await live(), [false, false, false]);
  assert.equal((await client.fetch("/im")).status, 200, "this one goes on");

  // Two-factor on, then off with the password and a code.
  const setupPage = await (await post({ tab: "2fa", action: "2faBegin" })).text();
  const secret = setupPage.match(/class="totp-secret">([A-Z2-7]+)</)![1];
  const enabled = await post({
    tab: "2fa",
    action: "2faEnable",
    code: totpCode(secret, new Date()),
  });
  const recovery = (await enabled.text()).match(/\b[0-9a-f]{5}-[0-9a-f]{5}\b/)![0];
  assert.equal((await me()).totp, true);
  await post({ tab: "2fa", action: "2faDisable", password: GOOD_PASSWORD, code: recovery });
  assert.equal((await me()).totp, false);
}, DEV);

Deno.test("the session cookie's expiry moves on as the session slides", async () => {
  await using test = await openTestDb("pglite");
  const clock = new TestClock(new Date().toISOString());
  await using server = await startTestServer({ db: test.db, clock: clock.read });
  const client = new WebClient(server.url);
  const registered = await registerThroughForm(client, "rhea");
  const expiry = (response: Response): number | undefined => {
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("parley_session="));
    return cookie ? new Date(cookie.match(/Expires=([^;]+)/)![1]).getTime() : undefined;
  };
  const first = expiry(registered)!;
  const soon = await client.fetch("/im");
  assert.equal(expiry(soon), undefined, "not rewritten on every request");
  await soon.body?.cancel();
  clock.advance(HOUR);
  const later = await client.fetch("/im");
  assert.equal(later.status, 200);
  assert.equal(expiry(later), first + HOUR, "an hour later, an hour more");
  await later.body?.cancel();
});

serverTest(
  "the language switch is also the account's, which its mail is written in",
  async (server) => {
    const client = new WebClient(server.url);
    await registerThroughForm(client, "pavel");
    const switched = await client.post("/prefs", { lang: "ru", back: "/account" }, "/account");
    assert.equal(switched.status, 303);
    const [row] = await server.services.db.query<{ lang: string }>(
      "select lang from users where username = 'pavel'",
    );
    assert.equal(row.lang, "ru");
    await client.post("/account", { tab: "email", action: "resend" }, "/account");
    const [mail] = await server.services.db.query<{ subject: string }>(
      "select subject from outbox where recipient = 'pavel@example.com' order by id desc limit 1",
    );
    assert.match(mail.subject, /[а-я]/i, "the new mail is in Russian");
  },
);
