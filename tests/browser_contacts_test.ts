/** The contacts list, opened from the chat list: search, write, remove, block and unblock. */
import assert from "node:assert/strict";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

browserTest(
  "contacts are listed and searched; removed, blocked, unblocked, written to",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const { page, errors } = await signedInPage(browser, server.url, "test", "test");
    await page.locator('.messenger[data-state="open"]').waitFor();
    const names = () => page.locator(".contacts li strong").allInnerTexts();

    await page.click(".contacts-button");
    await page.locator('.contacts li:has-text("@alice")').waitFor();
    assert.deepEqual(await names(), ["Alice Ivanova", "Борис Петров", "Дмитрий Соколов"]);
    await page.fill('.modal input[type="search"]', "бор");
    assert.deepEqual(await names(), ["Борис Петров"], "found by the name shown");
    await page.fill('.modal input[type="search"]', "DMI");
    assert.deepEqual(await names(), ["Дмитрий Соколов"], "found by username, in any case");
    await page.fill('.modal input[type="search"]', "");

    await page.click('.contacts li:has-text("@dmitry") button:has-text("Remove")');
    await page.locator('.contacts li:has-text("@dmitry")').waitFor({ state: "detached" });
    await page.click('.contacts li:has-text("@boris") button:has-text("Block")');
    await page.locator('.blocked li:has-text("@boris")').waitFor();
    assert.deepEqual(await names(), ["Alice Ivanova"]);
    const blocks = () =>
      test.db.query(
        "select 1 from blocks b join users u on u.id = b.blocked_id where username = $1",
        [
          "boris",
        ],
      );
    assert.equal((await blocks()).length, 1, "the block is kept");

    // What the list shows is what is stored: it reads the same after a reload.
    await page.reload();
    await page.locator('.messenger[data-state="open"]').waitFor();
    await page.click(".contacts-button");
    await page.locator('.blocked li:has-text("@boris")').waitFor();
    assert.deepEqual(await names(), ["Alice Ivanova"]);
    await page.click('.blocked li:has-text("@boris") button:has-text("Unblock")');
    await page.locator(".blocked").waitFor({ state: "detached" });
    assert.equal((await blocks()).length, 0, "unblocked");

    await page.click('.contacts li:has-text("@alice") button:has-text("Message")');
    await page.waitForURL(/\/im\/\d+$/);
    await page.locator('.chat-view[aria-label="Alice Ivanova"]').waitFor();
    assert.deepEqual(errors, []);
  },
);

browserTest("with no contacts, the list points to finding people; on a phone it fits", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  await test.db.query(
    "delete from contacts where owner_id = (select id from users where username = 'test')",
  );
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "ru",
  });
  const page = await context.newPage();
  await page.goto(server.url.href);
  await page.fill("#field-login", "test");
  await page.fill("#field-password", "test");
  await page.click("button.primary");
  await page.waitForURL(/\/im$/);
  const head = page.locator(".pane-head");
  assert.ok(
    await head.evaluate((node) => node.scrollWidth <= node.clientWidth),
    "the buttons above the chat list fit the screen",
  );
  await page.click('.pane-head button:has-text("Контакты")');
  await page.locator('.modal:has-text("Контактов пока нет.")').waitFor();
  await page.click('.modal .empty button:has-text("Найти людей")');
  await page.locator('.modal h2:text-is("Найти людей")').waitFor();
  await page.fill(".modal .search", "alice");
  await page.locator('.people li:has-text("@alice")').waitFor();
  await context.close();
});
