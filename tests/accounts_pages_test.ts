/** The account pages over HTTP, as a browser without JavaScript uses them. */
import assert from "node:assert/strict";
import { Jimp } from "jimp";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD, HOUR, TestClock } from "./helpers/accounts.ts";
import { openTestDb } from "./helpers/db.ts";
import { serverTest, startTestServer } from "./helpers/server.ts";
import { WebClient } from "./helpers/web_client.ts";

const DEV = { env: { PARLEY_ENV: "development" } };

/** Registers `username` through the form; the client is then signed in. */
async function registerThroughForm(client: WebClient, username: string) {
  const response = await client.post("/register", {
    username,
    email: `${username}@example.com`,
    password: GOOD_PASSWORD,
  });
  assert.equal(response.status, 303, await response.text());
  assert.equal(response.headers.get("location"), "/im");
  return response;
}

serverTest("register, confirm from the dev mailbox, sign out, sign in", async (server) => {
  const client = new WebClient(server.url);
  const registered = await registerThroughForm(client, "kate");
  const cookie = registered.headers.getSetCookie().find((c) => c.startsWith("parley_session="))!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/, "plain HTTP here");

  const im = await client.page("/im");
  assert.match(im, /Confirm your e-mail address kate@example\.com/);
  assert.equal(
    (await client.fetch("/")).headers.get("location"),
    "/im",
    "signed in: to the messenger",
  );
  assert.equal((await client.fetch("/register")).headers.get("location"), "/im");

  const mailbox = await client.page("/dev/mailbox?to=kate@example.com");
  const link = mailbox.match(/href="(http[^"]+\/confirm\?token=[^"]+)"/)![1];
  const confirmed = await client.fetch(new URL(link).pathname + new URL(link).search);
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /Your e-mail address is confirmed/);
  assert.doesNotMatch(await client.page("/im"), /Confirm your e-mail address/);

  const out = await client.post("/logout", {}, "/im");
  assert.equal(out.status, 303);
  assert.equal(client.cookie("parley_session"), undefined);
  assert.equal((await client.fetch("/im")).headers.get("location"), "/");

  const failed = await client.post("/login", { login: "kate", password: "wrong-password" }, "/");
  assert.equal(failed.status, 401);
  assert.match(await failed.text(), /Wrong username, e-mail or password/);
  const signedIn = await client.post("/login", { login: "KATE", password: GOOD_PASSWORD }, "/");
  assert.equal(signedIn.status, 303);
  const messenger = await client.fetch("/im");
  assert.equal(
    messenger.headers.get("cache-control"),
    "no-store",
    "a shared computer keeps no copy",
  );
  assert.match(await messenger.text(), /<parley-island data-name="Messenger"/);
}, DEV);

serverTest(
  "a form field with U+0000 is refused with 422, not stored or failed on",
  async (server) => {
    const client = new WebClient(server.url);
    for (
      const [path, fields, from] of [
        ["/login", { login: "a\u0000b", password: "x" }, "/"],
        [
          "/register",
          { username: "a\u0000b", email: "a@example.com", password: GOOD_PASSWORD },
          "/register",
        ],
        ["/recover", { login: "a\u0000b" }, "/recover"],
      ] as const
    ) {
      const response = await client.post(path, fields, from);
      assert.equal(response.status, 422, path);
      assert.match(await response.text(), /must not contain the character U\+0000/);
    }
  },
);

serverTest(
  "recovery mail asked for too often: 429 with Retry-After, the same for any name",
  async (server) => {
    await registerThroughForm(new WebClient(server.url), "rita");
    const client = new WebClient(server.url);
    for (const login of ["rita", "nobody-at-all"]) {
      const answers = [];
      for (let i = 0; i < 4; i++) {
        answers.push(
          await client.post("/recover", { login }, "/recover"),
        );
      }
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429], login);
      const retryAfter = Number(answers[3].headers.get("retry-after"));
      assert.ok(retryAfter > 0 && retryAfter <= 3600, `${retryAfter}`);
      assert.match(await answers[3].text(), /Too many requests\. Try again in \d+ s\./);
    }
  },
);

serverTest(
  "an account guessed at from many addresses: the owner signs in through a mailed link",
  async (server) => {
    await registerThroughForm(new WebClient(server.url), "kim");
    const [{ id }] = await server.services.db.query<{ id: number }>(
      "select id from users where username = 'kim'",
    );
    // As if others had guessed from many addresses: the account's bar is passed.
    await server.services.db.query(
      "insert into throttle (key, used, window_started_at) values ($1, 1000, now())",
      [`user:${id}`],
    );
    const owner = new WebClient(server.url);
    const answer = await owner.post("/login", { login: "kim", password: GOOD_PASSWORD }, "/");
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /Check your e-mail/);
    assert.equal(owner.cookie("parley_session"), undefined, "not signed in by the password alone");

    const mailbox = await owner.page("/dev/mailbox?to=kim@example.com");
    const link = new URL(mailbox.match(/href="(http[^"]+\/signin\?token=[^"]+)"/)![1]);
    const page = await owner.page(link.pathname + link.search);
    assert.match(page, /Finish signing in/);
    const token = link.searchParams.get("token")!;
    const signedIn = await owner.post("/signin", { token }, link.pathname + link.search);
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get("location"), "/im");
    assert.equal((await owner.fetch("/im")).status, 200);
    const again = await new WebClient(server.url).post(
      "/signin",
      { token },
      link.pathname + link.search,
    );
    assert.equal(again.status, 410, "the link works once");
  },
  DEV,
);

serverTest("a chat's page is there for its members only: 404 for anyone else", async (server) => {
  const ola = new WebClient(server.url);
  await registerThroughForm(ola, "ola");
  await registerThroughForm(new WebClient(server.url), "pia");
  const nina = new WebClient(server.url);
  await registerThroughForm(nina, "nina");
  const [{ id }] = await server.services.db.query<{ id: number }>(
    `with pair as (select min(id) as low, max(id) as high from users
                   where username in ('ola', 'pia')),
     chat as (insert into chats (kind, personal_low, personal_high)
              select 'personal', low, high from pair returning id)
     insert into chat_members (chat_id, user_id)
     select chat.id, u.id from chat, users u where u.username in ('ola', 'pia')
     returning chat_id as id`,
  );
  assert.equal((await ola.fetch(`/im/${id}`)).status, 200);
  const stranger = await nina.fetch(`/im/${id}`);
  assert.equal(stranger.status, 404);
  assert.doesNotMatch(await stranger.text(), /ola|pia/);
});

serverTest("a form without its CSRF token is refused", async (server) => {
  const client = new WebClient(server.url);
  await registerThroughForm(client, "liam");
  const forged = await client.fetch("/account", {
    method: "POST",
    body: new URLSearchParams({ tab: "profile", action: "displayName", displayName: "Pwned" }),
  });
  assert.equal(forged.status, 403);
  assert.match(await forged.text(), /The form expired/);
  const wrong = await client.fetch("/logout", {
    method: "POST",
    body: new URLSearchParams({ _csrf: "forged" }),
  });
  assert.equal(wrong.status, 403);
  assert.ok(client.cookie("parley_session"), "still signed in");
  const stranger = new WebClient(server.url);
  const anonymous = await stranger.fetch("/login", {
    method: "POST",
    body: new URLSearchParams({
      _csrf: await client.csrf("/im"),
      login: "liam",
      password: GOOD_PASSWORD,
    }),
  });
  assert.equal(anonymous.status, 403, "a token from another visitor does not fit");
});

serverTest("throttled sign-in answers 429 with Retry-After", async (server) => {
  const client = new WebClient(server.url);
  for (let i = 0; i < 5; i++) {
    await client.post("/login", { login: "mia", password: "wrong" }, "/");
  }
  const throttled = await client.post("/login", { login: "mia", password: "wrong" }, "/");
  assert.equal(throttled.status, 429);
  assert.ok(Number(throttled.headers.get("retry-after")) > 0);
  assert.match(await throttled.text(), /Too many attempts/);
});

serverTest("GET /api/token says whether a token is a live session", async (server) => {
  const client = new WebClient(server.url);
  await registerThroughForm(client, "nora");
  const token = client.cookie("parley_session")!;
  const check = async (authorization?: string) => {
    const response = await fetch(new URL("/api/token", server.url), {
      headers: authorization ? { authorization } : {},
    });
    assert.equal(response.headers.get("cache-control"), "no-store");
    return await response.json();
  };
  assert.deepEqual(await check(`Bearer ${token}`), { valid: true });
  assert.deepEqual(await check(token), { valid: true });
  assert.deepEqual(await check("Bearer nonsense"), { valid: false });
  assert.deepEqual(await check(), { valid: false });
  await client.post("/logout", {}, "/im");
  assert.deepEqual(await check(`Bearer ${token}`), { valid: false });
});

serverTest("the dev mailbox is not there in production", async (server) => {
  const response = await fetch(new URL("/dev/mailbox", server.url));
  assert.equal(response.status, 404);
  await response.body?.cancel();
});

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
  });
  assert.equal(response.status, 303);
  const privacy = await client.page("/account?tab=privacy");
  assert.match(privacy, /name="findBy" value="contacts" checked/);
  assert.match(privacy, /name="lastSeen" value="nobody" checked/);
  response = await post({
    tab: "privacy",
    action: "privacy",
    findBy: "aliens",
    messageFrom: "contacts",
    lastSeen: "nobody",
  });
  assert.equal(response.status, 422);

  const laptop = new WebClient(server.url, {
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  });
  await laptop.post("/login", { login: "olga", password: GOOD_PASSWORD }, "/");
  const sessions = await client.page("/account?tab=sessions");
  assert.equal(sessions.match(/class="session"/g)?.length, 2);
  assert.match(sessions, /Firefox, Linux/);

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

serverTest("recovery answers the same for anyone; the link sets a new password", async (server) => {
  const client = new WebClient(server.url);
  await registerThroughForm(client, "rita");
  await client.post("/logout", {}, "/im");
  const known = await client.post("/recover", { login: "rita" }, "/recover");
  const unknown = await client.post("/recover", { login: "nobody-at-all" }, "/recover");
  const strip = (html: string) => html.replace(/value="[^"]*"/g, "").replace(/nonce="[^"]*"/g, "");
  assert.equal(strip(await known.text()), strip(await unknown.text()));

  const mailbox = await client.page("/dev/mailbox?to=rita@example.com");
  const link = new URL(mailbox.match(/href="(http[^"]+\/reset\?token=[^"]+)"/)![1]);
  assert.equal((await client.fetch(link.pathname + link.search)).status, 200);
  const token = link.searchParams.get("token")!;
  const reset = await client.post(
    "/reset",
    { token, password: "copper-lake-meadow-5" },
    link.pathname + link.search,
  );
  assert.equal(reset.status, 303);
  assert.equal((await client.fetch("/im")).status, 200, "signed in with the new password");
  assert.equal((await client.fetch(link.pathname + link.search)).status, 410, "used up");
}, DEV);

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
