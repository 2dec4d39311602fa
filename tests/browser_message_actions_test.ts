/** What one does to a message in the browser: react, pin, forward; seen at once on the other side. */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

/** The demo's test user and Alice, each in a browser of their own with their chat open. */
async function bothSides() {
  const test = await openTestDb("pglite");
  const server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  const browser = await launchBrowser();
  const me = await signedInPage(browser, server.url, "test", "test");
  const alice = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
  await me.page.click('a.chat-item:has-text("Alice Ivanova")');
  await alice.page.click('a.chat-item:has-text("Test User")');
  await alice.page.locator('.messenger[data-state="open"]').waitFor();
  return {
    me,
    alice,
    async [Symbol.asyncDispose]() {
      await browser.close();
      await server[Symbol.asyncDispose]();
      await test[Symbol.asyncDispose]();
    },
  };
}

browserTest("a reaction put on one device shows at once on another, and comes off", async () => {
  await using sides = await bothSides();
  const { me, alice } = sides;

  const mine = me.page.locator('.message.theirs:has-text("Have you tried")');
  await mine.hover();
  await mine.locator('button:has-text("React")').click();
  await mine.locator('.reaction-bar button:has-text("❤️")').click();
  await mine.locator('.reaction.mine:has-text("❤️ 1")').waitFor();

  const hers = alice.page.locator('.message.mine:has-text("Have you tried")');
  const chip = hers.locator('.reaction:has-text("❤️ 1")');
  await chip.waitFor({ timeout: 10_000 });
  assert.equal(await chip.getAttribute("aria-pressed"), "false", "not hers");
  assert.equal(await chip.getAttribute("title"), "Test User");
  await chip.click();
  await hers.locator('.reaction.mine:has-text("❤️ 2")').waitFor();
  await mine.locator('.reaction:has-text("❤️ 2")').waitFor({ timeout: 10_000 });

  // Any emoji, typed.
  await mine.hover();
  await mine.locator('button:has-text("React")').click();
  await mine.locator(".reaction-other").fill("🦊");
  await mine.locator(".reaction-other").press("Enter");
  await hers.locator('.reaction:has-text("🦊 1")').waitFor({ timeout: 10_000 });
  await mine.locator('.reaction.mine:has-text("🦊 1")').click();
  await hers.locator('.reaction:has-text("🦊")').waitFor({ state: "detached", timeout: 10_000 });
  assert.deepEqual([...me.errors, ...alice.errors], []);
});

browserTest("a pinned message shows in a bar on both sides, which goes to it", async () => {
  await using sides = await bothSides();
  const { me, alice } = sides;

  const message = me.page.locator('.message.theirs:has-text("Have you tried")');
  await message.hover();
  await message.locator('button:has-text("Pin")').click();
  await me.page.locator('.pinned-bar:has-text("Have you tried Parley yet?")').waitFor();
  const bar = alice.page.locator('.pinned-bar:has-text("Have you tried Parley yet?")');
  await bar.waitFor({ timeout: 10_000 });
  await alice.page.evaluate(() => document.querySelector(".messages")!.scrollTo({ top: 1e6 }));
  await bar.locator(".pinned-go").click();
  await alice.page.waitForFunction(
    () => {
      const pinned = [...document.querySelectorAll(".message")]
        .find((m) => m.textContent!.includes("Have you tried"))!.getBoundingClientRect();
      const list = document.querySelector(".messages")!.getBoundingClientRect();
      return pinned.top >= list.top && pinned.bottom <= list.bottom;
    },
    undefined,
    { timeout: 5_000 },
  );

  await me.page.reload();
  await me.page.locator('.pinned-bar:has-text("Have you tried")').waitFor();
  await me.page.click('.pinned-bar button[aria-label="Unpin"]');
  await bar.waitFor({ state: "detached", timeout: 10_000 });
  assert.deepEqual([...me.errors, ...alice.errors], []);
});

browserTest(
  "a message forwarded to another chat arrives there, marked with its sender",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const me = await signedInPage(browser, server.url, "test", "test");
    await me.page.click('a.chat-item:has-text("Alice Ivanova")');
    const message = me.page.locator('.message.theirs:has-text("Have you tried")');
    await message.hover();
    await message.locator('button:has-text("Forward")').click();
    await me.page.fill('.modal input[type="search"]', "team");
    await me.page.click('.forward-to button:has-text("Parley team")');
    await me.page.locator("text=Forwarded to Parley team.").waitFor();
    await me.page.keyboard.press("Escape");
    await me.page.click('a.chat-item:has-text("Parley team")');
    const copy = me.page.locator('.message.mine:has-text("Have you tried")');
    await copy.waitFor();
    assert.equal(await copy.locator(".forwarded").innerText(), "Forwarded from Alice Ivanova");
    assert.deepEqual(me.errors, []);
  },
);
