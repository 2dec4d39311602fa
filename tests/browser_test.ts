/** The pages in a real browser: islands hydrate and react, the debug console talks to /ws. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openTestDb } from "./helpers/db.ts";
import { browserTest, launchBrowser } from "./helpers/browser.ts";
import { startTestServer } from "./helpers/server.ts";

/** Fails the test on any script error or Content-Security-Policy violation in the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

browserTest("the debug console sends a ping, shows a 422 and stays connected", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({
    db: test.db,
    env: { PARLEY_ENV: "development" },
  });
  await using browser = await launchBrowser();
  const page = await browser.newPage();
  const errors = watchErrors(page);

  await page.goto(new URL("/debug/ws", server.url).href);
  await page.locator('.ws-status[data-state="open"]').waitFor();

  await page.locator("#ws-request").fill(`{"id": 7, "method": "ping"}`);
  await page.locator(".ws-request button.primary").click();
  const answer = page.locator(".ws-log li.frame.in").last();
  await answer.waitFor();
  const pong = JSON.parse(await answer.locator("pre").innerText());
  assert.equal(pong.id, 7);
  assert.equal(pong.status, 200);
  assert.ok(pong.result.pong);

  await page.locator("#ws-request").fill(`{"id": 8, "method": `);
  await page.locator(".ws-request button.primary").click();
  await page.locator(".ws-log li.frame.in").nth(1).waitFor();
  const rejected = JSON.parse(await page.locator(".ws-log li.frame.in pre").nth(1).innerText());
  assert.equal(rejected.status, 422);
  assert.equal(await page.locator(".ws-status").getAttribute("data-state"), "open");
  assert.deepEqual(errors, []);
});

browserTest("the theme switch hydrates and switches without a page load", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db });
  await using browser = await launchBrowser();
  const page = await browser.newPage({ colorScheme: "light" });
  const errors = watchErrors(page);
  let navigations = 0;
  page.on("framenavigated", () => navigations++);

  await page.goto(server.url.href);
  await page.locator('parley-island[data-name="ThemeSwitch"][data-hydrated]').waitFor();
  const html = page.locator("html");
  const before = navigations;
  await page.locator(".theme-switch button").click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  assert.equal(navigations, before, "no form post: the island handled the click");
  const cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === "theme")?.value, "dark");

  await page.reload();
  assert.equal(await html.getAttribute("data-theme"), "dark", "remembered across loads");
  assert.deepEqual(errors, []);
});
