/**
 * How the messenger reads, on a desktop and a phone: a placeholder where no chat is open, plain
 * previews, a sender's name once per run in groups and never in personal chats, keys for editing
 * and cancelling, dialogs that close with a button, and a delete that asks first.
 */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

browserTest("a chat list of plain previews, and a placeholder on a desktop only", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const { page, errors } = await signedInPage(browser, server.url, "test", "test");
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.locator(".placeholder-view:has-text('Choose a chat')").waitFor();
  const previews = await page.locator(".chat-last").allInnerTexts();
  assert.ok(previews.length > 0);
  for (const preview of previews) {
    assert.doesNotMatch(preview, /\*\*|^>|: >|`/, `no Markdown in "${preview}"`);
  }
  // The same person has the same colour in the list and beside their messages.
  const listed = await page.locator('a.chat-item:has-text("Alice Ivanova") .avatar').getAttribute(
    "class",
  );
  await page.click('a.chat-item:has-text("Parley team")');
  await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
  const inGroup = await page.locator('.message.theirs:has-text("Stand-up") .from .avatar')
    .getAttribute("class");
  assert.equal(listed, inGroup);

  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(new URL("/im", server.url).href);
  await page.locator(".chat-pane").waitFor();
  assert.equal(await page.locator(".placeholder-view").isVisible(), false);
  assert.deepEqual(errors, []);
});

browserTest("senders once per run in groups, never in personal chats", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const me = await signedInPage(browser, server.url, "test", "test");
  const alice = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
  for (const { page } of [me, alice]) {
    await page.click('a.chat-item:has-text("Parley team")');
    await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
  }
  for (const text of ["first of two", "second of two"]) {
    await alice.page.fill(".composer textarea", text);
    await alice.page.keyboard.press("Enter");
  }
  const second = me.page.locator('.message.theirs:has-text("second of two")');
  await second.waitFor();
  assert.equal(await second.locator(".from").count(), 0);
  assert.match(
    await me.page.locator('.message.theirs:has-text("first of two") .from').innerText(),
    /Alice Ivanova$/,
  );
  await me.page.click('a.chat-item:has(.chat-title:text-is("Alice Ivanova"))');
  await me.page.locator('.chat-view-title:has-text("Alice Ivanova")').waitFor();
  await me.page.locator(".message.theirs").first().waitFor();
  assert.equal(await me.page.locator(".message.theirs .from").count(), 0);
});

browserTest("Up edits the last own message, Escape cancels, delete asks first", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const { page, errors } = await signedInPage(browser, server.url, "test", "test");
  await page.click('a.chat-item:has-text("Alice Ivanova")');
  await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
  const composer = page.locator(".composer textarea");
  await composer.fill("to be changed");
  await page.keyboard.press("Enter");
  const mine = page.locator('.message.mine:has-text("to be changed")');
  await mine.locator(".tick:not(.pending)").waitFor();

  await composer.focus();
  await page.keyboard.press("ArrowUp");
  await page.locator(".composer-context").waitFor();
  assert.equal(await composer.inputValue(), "to be changed");
  await page.keyboard.press("Escape");
  await page.locator(".composer-context").waitFor({ state: "detached" });

  await mine.hover();
  await mine.locator('button:has-text("Delete")').click();
  await page.click('.modal button:has-text("Cancel")');
  assert.equal(await mine.count(), 1, "kept");
  await mine.hover();
  await mine.locator('button:has-text("Delete")').click();
  await page.click('.modal button.danger:has-text("Delete")');
  await mine.waitFor({ state: "detached" });

  await page.click(".add-contact");
  await page.locator(".modal").waitFor();
  await page.click('.modal button[aria-label="Close"]');
  await page.locator(".modal").waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});

browserTest(
  "an unconfirmed account is told why it cannot start a chat, and can resend",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(new URL("/register", server.url).href);
    await page.locator('parley-island[data-name="PasswordInput"][data-hydrated]').waitFor();
    await page.fill("#field-username", "nina");
    await page.fill("#field-email", "nina@example.com");
    await page.locator("#field-password").pressSequentially(GOOD_PASSWORD);
    await page.click("button.primary");
    await page.waitForURL(new URL("/im", server.url).href);
    await page.locator('.messenger[data-state="open"]').waitFor();

    await page.click(".add-contact");
    await page.fill(".modal .search", "alice");
    await page.click('.people li:has-text("@alice") button:has-text("Add to contacts")');
    await page.locator('.people li:has-text("@alice") .added').waitFor();
    await page.click('.people li:has-text("@alice") button:has-text("Message")');
    await page.locator('.modal .form-error:has-text("takes a confirmed e-mail address")').waitFor();
    await page.click('.modal button:has-text("Send the confirmation e-mail again")');
    await page.waitForURL(/\/account\?tab=email&done=banner\.resent/);
  },
);

browserTest("on a phone the header is one line and the composer's hint fits", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  for (const lang of ["en", "ru"]) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: lang,
    });
    const page = await context.newPage();
    await page.goto(server.url.href);
    await page.fill("#field-login", "test");
    await page.fill("#field-password", "test");
    await page.click("button.primary");
    await page.waitForURL(/\/im$/);
    await page.click('a.chat-item:has-text("Alice Ivanova")');
    await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
    const brand = await page.locator(".brand").boundingBox();
    for (const item of [".nav a", ".me", '.switches button[type="submit"]']) {
      const box = await page.locator(item).first().boundingBox();
      assert.ok(
        box && brand && Math.abs(box.y + box.height / 2 - (brand.y + brand.height / 2)) < 8,
        `${item} on the brand's line (${lang})`,
      );
    }
    const header = await page.locator(".header").boundingBox();
    assert.ok(header!.width <= 360, "no wider than the screen");
    const hint = await page.locator(".composer textarea").getAttribute("placeholder");
    assert.equal(hint, lang === "ru" ? "Сообщение" : "Message");
    // Days are named in the interface's language (the demo's messages are from the last hour).
    const day = await page.locator(".messages .day").last().innerText();
    assert.match(day, lang === "ru" ? /^(Сегодня|Вчера)$/ : /^(Today|Yesterday)$/);
    await context.close();
  }
});

browserTest("presence changes show at once: online, then last seen today", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const me = await signedInPage(browser, server.url, "test", "test");
  await me.page.click('a.chat-item:has(.chat-title:text-is("Alice Ivanova"))');
  await me.page.locator('.messenger[data-state="open"] .chat-view').waitFor();
  const presence = me.page.locator(".chat-view-head .presence");
  // Sooner than the page asks again by itself (every 30 s): told by the server.
  const soon = { timeout: 5_000 };
  const alice = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
  await me.page.locator('.chat-view-head .presence.online:has-text("online")').waitFor(soon);
  await alice.context.close();
  await me.page.locator('.chat-view-head .presence:has-text("last seen today at")').waitFor(soon);
  assert.equal(await presence.count(), 1);
});
