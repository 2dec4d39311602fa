/** A chat's unsent text stays with the chat: across switching chats, reloading, editing. */
import assert from "node:assert/strict";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

browserTest("a draft survives switching chats and reloading, and goes once sent", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const { page, errors } = await signedInPage(browser, server.url, "test", "test");
  const box = page.locator(".composer textarea");
  const openChat = async (name: string) => {
    await page.click(`a.chat-item:has-text("${name}")`);
    await page.locator('.messenger[data-state="open"]').waitFor();
  };
  await openChat("Alice Ivanova");
  await box.fill("half-written thought");
  await openChat("Parley team");
  assert.equal(await box.inputValue(), "", "another chat has its own");
  await openChat("Alice Ivanova");
  await page.waitForFunction(() =>
    document.querySelector<HTMLTextAreaElement>(".composer textarea")?.value ===
      "half-written thought"
  );
  await page.reload();
  await page.waitForFunction(() =>
    document.querySelector<HTMLTextAreaElement>(".composer textarea")?.value ===
      "half-written thought"
  );

  // Editing a message shows it instead, and the draft comes back after.
  await box.fill("");
  await box.press("ArrowUp");
  assert.notEqual(await box.inputValue(), "", "the last message, to edit");
  await box.press("Escape");
  assert.equal(await box.inputValue(), "", "an emptied draft stays empty");
  await box.fill("now sent");
  await box.press("Enter");
  await page.locator('.message.mine:has-text("now sent")').waitFor();
  await page.reload();
  await page.locator('.messenger[data-state="open"]').waitFor();
  assert.equal(await box.inputValue(), "", "a sent draft is gone");
  assert.deepEqual(errors, []);
});
