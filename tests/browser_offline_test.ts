/**
 * With the server away, the service worker answers: recently opened chats from their copies,
 * other pages with Parley's offline page, which retries by itself and opens the page once back.
 * Signing out lets go of the copies.
 */
import assert from "node:assert/strict";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

browserTest(
  "offline: chats read from copies, an offline page that comes back by itself",
  async () => {
    await using test = await openTestDb("pglite");
    const server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const { page } = await signedInPage(browser, server.url, "test", "test");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.click('a.chat-item:has-text("Alice Ivanova")');
    await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
    const chatUrl = page.url();
    // The first visit came before the worker: this one goes through it and leaves a copy.
    await page.goto(chatUrl);
    await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
    const shown = await page.locator(".messages .message").allInnerTexts();
    assert.ok(shown.length > 0);

    await server.shutdown();
    await page.goto(chatUrl);
    assert.deepEqual(await page.locator(".messages .message").allInnerTexts(), shown);
    await page.locator('.messenger[data-state="closed"] .conn-banner').waitFor();

    await page.goto(new URL("/account", server.url).href);
    await page.locator('h1:text-is("No connection to the server")').waitFor();
    await using back = await startTestServer({
      db: test.db,
      env: { DEMO_DATA: "true", PORT: server.url.port },
    });
    // No click: the page finds the server back and opens what was asked for.
    await page.locator('h1:text-is("Account")').waitFor({ timeout: 20_000 });
    assert.equal(new URL(page.url()).pathname, "/account");

    await page.goto(new URL("/im", back.url).href);
    await page.click('form[action="/logout"] button');
    await page.waitForURL(new URL("/", back.url).href);
    const kept = await page.evaluate(async () => {
      const pages = await caches.open("parley-pages");
      return (await pages.keys()).map((request) => new URL(request.url).pathname);
    });
    assert.deepEqual(kept, [], "signing out lets go of the chats' copies");
  },
);

browserTest("the offline page speaks the visitor's language", async () => {
  await using test = await openTestDb("pglite");
  const server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const context = await browser.newContext({ locale: "ru", viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(server.url.href);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await server.shutdown();
  await page.goto(new URL("/account", server.url).href);
  await page.locator('h1:text-is("Нет связи с сервером")').waitFor();
  await page.locator('button:text-is("Попробовать сейчас")').waitFor();
  await context.close();
});
