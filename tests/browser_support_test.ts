/**
 * Support and administration in the browser: a user asks in Russian and reads support's answer as
 * it is written; an admin suspends a user, whose open tab is signed out at once.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { grantRole } from "../admin/roles.ts";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { png } from "./helpers/uploads.ts";

browserTest("a user asks support in Russian and sees the answer arrive live", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await grantRole(test.db, null, "alice", "support");
  await using browser = await launchBrowser();
  const boris = await signedInPage(browser, server.url, "boris", DEMO_PASSWORD, {
    locale: "ru-RU",
  });
  const alice = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);

  await boris.page.goto(new URL("/help", server.url).href);
  await boris.page.click('a:has-text("Новое обращение")');
  await boris.page.selectOption("#ticket-category", { label: "Мой аккаунт" });
  await boris.page.fill("#ticket-subject", "Не меняется фото");
  await boris.page.fill("#ticket-body", "Пишет, что файл слишком большой.");
  await boris.page.setInputFiles(".attach-files input[type=file]", {
    name: "снимок.png",
    mimeType: "image/png",
    buffer: Buffer.from(await png(64, 48)),
  });
  await boris.page.locator('.attach-files input[name="attachments"]').waitFor({
    state: "attached",
  });
  await boris.page.click('button:has-text("Отправить обращение")');
  await boris.page.locator("text=Обращение отправлено").waitFor();
  // A mark in the page: were it reloaded, the mark would be gone.
  await boris.page.evaluate(() => Object.assign(window, { stayed: true }));

  await alice.page.click('nav a:has-text("Tickets")');
  await alice.page.click('a:has-text("Не меняется фото")');
  await alice.page.locator(".ticket-message:has-text('файл слишком большой')").waitFor();
  const shot = alice.page.locator(".ticket-files img");
  await shot.waitFor();
  assert.ok(await shot.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), "staff see it");
  await alice.page.fill("#staff-body", "Фото может весить до 5 МБ: уменьшите его.");
  await alice.page.click('button:has-text("Send")');

  await boris.page.locator(".ticket-message:has-text('уменьшите его')").waitFor({
    timeout: 10_000,
  });
  assert.equal(await boris.page.evaluate(() => "stayed" in window), true, "no reload");
  assert.match(
    await boris.page.locator(".ticket-message:not(.mine) .who").innerText(),
    /Поддержка/,
  );

  await boris.page.fill("#ticket-answer", "Спасибо, получилось!");
  await boris.page.click('button:has-text("Отправить")');
  await alice.page.locator(".ticket-message:has-text('получилось')").waitFor({ timeout: 10_000 });
  assert.equal(await boris.page.inputValue("#ticket-answer"), "", "the answer went");
  assert.deepEqual([...boris.errors, ...alice.errors], []);
});

browserTest("an admin suspends a user, whose open tab is signed out and told why", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await grantRole(test.db, null, "test", "admin");
  await using browser = await launchBrowser();
  const carol = await signedInPage(browser, server.url, "carol", DEMO_PASSWORD);
  await carol.page.locator('.messenger[data-state="open"]').waitFor();
  const admin = await signedInPage(browser, server.url, "test", "test", { locale: "ru-RU" });

  await admin.page.click('nav a:has-text("Администрирование")');
  await admin.page.click('a:has-text("Пользователи")');
  await admin.page.fill('input[name="q"]', "carol");
  await admin.page.click('button:has-text("Найти")');
  await admin.page.click('td a:has-text("carol")');
  await admin.page.fill("#reason", "Рассылка рекламы");
  await admin.page.click('button:has-text("Заблокировать")');
  await admin.page.locator("text=Аккаунт заблокирован, его сеансы завершены").waitFor();

  await carol.page.waitForURL(new URL("/", server.url).href, { timeout: 10_000 });
  await carol.page.fill("#field-login", "carol");
  await carol.page.fill("#field-password", DEMO_PASSWORD);
  await carol.page.click("button.primary");
  await carol.page.locator("text=suspended by the administrators: Рассылка рекламы").waitFor();
  assert.match(await admin.page.locator(".audit").innerText(), /заблокировал/);
});

browserTest("a reader reports a message from the messenger, and an admin deletes it", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await grantRole(test.db, null, "carol", "admin");
  await using browser = await launchBrowser();
  const reader = await signedInPage(browser, server.url, "test", "test");
  await reader.page.click('a.chat-item:has-text("Alice Ivanova")');
  const message = reader.page.locator('.message.theirs:has-text("Have you tried")');
  await message.hover();
  await message.locator('button:has-text("Report")').click();
  await reader.page.click('label:has-text("Spam")');
  await reader.page.fill("#report-note", "Advertising");
  await reader.page.click('button:has-text("Send the report")');
  await reader.page.locator("text=the administrators will look at it").waitFor();
  await reader.page.keyboard.press("Escape");
  const own = reader.page.locator(".message.mine").first();
  await own.hover();
  assert.equal(await own.locator('button:has-text("Report")').count(), 0, "not one's own");

  const admin = await signedInPage(browser, server.url, "carol", DEMO_PASSWORD);
  await admin.page.goto(new URL("/admin/reports", server.url).href);
  await admin.page.locator("text=test: Spam").waitFor();
  await admin.page.click('button:has-text("Delete the message")');
  await admin.page.locator("text=the reports of that message are resolved").waitFor();
  await message.waitFor({ state: "detached", timeout: 10_000 });
  assert.deepEqual([...reader.errors, ...admin.errors], []);
});
