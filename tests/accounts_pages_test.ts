/**
 * Registering, confirming, signing in and recovering over HTTP, as a browser without JavaScript
 * does; the limits those pages keep.
 */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

const DEV = { env: { PARLEY_ENV: "development" } };

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
