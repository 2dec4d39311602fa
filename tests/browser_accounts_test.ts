/**
 * The whole account journey in Chromium: register, confirm from the dev mailbox, turn on
 * two-factor sign-in with a code computed here, sign out, sign in again with a code.
 */
import assert from "node:assert/strict";
import { totpCode } from "../accounts/totp.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { browserTest, launchBrowser } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

browserTest("register, confirm, enable 2FA, sign out, sign in with a code", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { PARLEY_ENV: "development" } });
  await using browser = await launchBrowser();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  const url = (path: string) => new URL(path, server.url).href;

  await page.goto(url("/register"));
  await page.locator('parley-island[data-name="PasswordInput"][data-hydrated]').waitFor();
  await page.fill("#field-username", "amelia");
  await page.fill("#field-email", "amelia@example.com");
  await page.locator("#field-password").pressSequentially("password1");
  await page.locator('.strength[data-score="0"]').waitFor();
  assert.match(await page.locator(".field-error").innerText(), /too easy to guess/);
  await page.fill("#field-password", "");
  await page.locator("#field-password").pressSequentially(GOOD_PASSWORD);
  await page.locator('.strength[data-score="4"]').waitFor();
  await page.click("button.primary");
  await page.waitForURL(url("/im"));
  assert.match(await page.locator(".banner").innerText(), /amelia@example\.com/);

  await page.goto(url("/dev/mailbox?to=amelia@example.com"));
  await page.click('a[href*="/confirm?token="]');
  await page.getByText("Your e-mail address is confirmed.").waitFor();

  await page.goto(url("/account?tab=2fa"));
  assert.equal(await page.locator(".banner").count(), 0, "confirmed: no banner");
  await page.click("button.primary");
  const secret = await page.locator(".totp-secret").innerText();
  assert.equal(await page.locator(".qr svg").count(), 1);
  await page.fill("#field-code", totpCode(secret, new Date()));
  await page.click("button.primary");
  assert.equal(await page.locator(".recovery-codes li").count(), 10);

  await page.click(".header button.link");
  await page.waitForURL(url("/"));
  await page.fill("#field-login", "amelia");
  await page.fill("#field-password", GOOD_PASSWORD);
  await page.click("button.primary");
  await page.locator("#field-code").waitFor();
  // The code that turned 2FA on is spent; the app's next code is good.
  await page.fill("#field-code", totpCode(secret, new Date(Date.now() + 30_000)));
  await page.click("button.primary");
  await page.waitForURL(url("/im"));
  assert.equal(await page.locator(".me-name").innerText(), "amelia");
  assert.deepEqual(errors, []);
});
