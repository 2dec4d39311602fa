/**
 * Web Push in a real browser: the notice Parley sends for a message, as the push service
 * decrypts it, is delivered to the page's own service worker through Chromium's DevTools
 * protocol (as a push service would deliver it), which shows the notification; a read on
 * another device takes it away.
 */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { offline } from "./helpers/presence.ts";
import { TestPushService } from "./helpers/push_service.ts";
import { startTestServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";
import { TestSocket } from "./helpers/ws_client.ts";

browserTest("a pushed notice shows in the service worker, and a read takes it away", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({
    db: test.db,
    env: { DEMO_DATA: "true", PUSH_SERVICES: "127.0.0.1" },
  });
  await using push = new TestPushService(server.services.vapidPublicKey);
  await using browser = await launchBrowser();
  const { context, page, errors } = await signedInPage(browser, server.url, "test", "test");
  await context.grantPermissions(["notifications"], { origin: server.url.origin });

  // The device of "test" that the push service here knows, with no tab of theirs open.
  const cookie = (await context.cookies()).find((c) => c.name === "parley_session")!;
  const chatId = Number(
    await page.locator('a.chat-item:has-text("Alice Ivanova")').getAttribute("data-chat-id"),
  );
  {
    await using device = await TestSocket.open(server.wsUrl, {
      cookie: `parley_session=${cookie.value}`,
    });
    assert.equal((await device.request("push.subscribe", push.device("test"))).status, 200);
  }
  await page.goto("about:blank");
  const { db } = server.services;
  const [me] = await db.query<{ id: number }>("select id from users where username = 'test'");
  await offline(db, me.id);
  await using aliceSocket = await TestSocket.open(server.wsUrl);
  const signIn = await aliceSocket.request("auth.login", {
    login: "alice",
    password: DEMO_PASSWORD,
  });
  assert.equal(signIn.status, 200, `alice signs in: ${JSON.stringify(signIn)}`);
  await aliceSocket.request("messages.send", {
    chatId,
    content: "Are we still on for **Friday**?",
    clientId: crypto.randomUUID(),
  });
  const [told] = await push.pushesTo("test");
  assert.equal(told.notice.body, "Are we still on for Friday?");

  // Delivered to the page's service worker as its push service would.
  await page.goto(new URL("/im", server.url).href);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const cdp = await context.newCDPSession(page);
  const registered = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(server.url.origin));
      if (ours && !ours.isDeleted) resolve(ours.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  const registrationId = await registered;
  const deliver = (notice: unknown) =>
    cdp.send("ServiceWorker.deliverPushMessage", {
      origin: server.url.origin,
      registrationId,
      data: JSON.stringify(notice),
    });
  const shown = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
      }))
    );
  await deliver(told.notice);
  await until(async () => (await shown()).length > 0, 5_000, "the notification");
  assert.deepEqual(await shown(), [{
    title: "Alice Ivanova",
    body: "Are we still on for Friday?",
    tag: `chat-${chatId}`,
  }]);

  // The next notice of the chat replaces it; the read takes it away.
  await deliver({ ...told.notice, body: "Hello?" });
  await until(async () => (await shown())[0]?.body === "Hello?", 5_000, "the next notice");
  assert.equal((await shown()).length, 1);
  await deliver({ kind: "read", chatId, tag: `chat-${chatId}` });
  await until(async () => (await shown()).length === 0, 5_000, "the notification gone");

  // What a click on it does: the open tab goes to the chat.
  const [worker] = context.serviceWorkers();
  await worker.evaluate(
    (url) => (self as unknown as { openAt(url: string): Promise<unknown> }).openAt(url),
    told.notice.url as string,
  );
  await page.waitForURL(new URL(`/im/${chatId}`, server.url).href);
  assert.deepEqual(errors, []);
});
