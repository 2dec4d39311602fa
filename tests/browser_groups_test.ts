/**
 * Three people and a group, each in a browser of their own: made in the "New group" dialog, grown
 * and shrunk from its info panel, told live, left, and joined again by an invite link.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

async function openGroup(page: Page, title: string) {
  await page.click(`a.chat-item:has-text("${title}")`);
  await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
}

async function send(page: Page, text: string) {
  await page.fill(".composer textarea", text);
  await page.keyboard.press("Enter");
  await page.locator(`.message.mine:has-text("${text}") .tick:not(.pending)`).waitFor();
}

/** Signed in, with the messenger connected. */
async function signedIn(browser: Browser, server: TestServer, login: string, password: string) {
  const visitor = await signedInPage(browser, server.url, login, password);
  await visitor.page.locator('.messenger[data-state="open"]').waitFor();
  return visitor;
}

browserTest("a group is made, grown, shrunk, left and joined by link", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const owner = await signedIn(browser, server, "test", "test");
  const alice = await signedIn(browser, server, "alice", DEMO_PASSWORD);
  const boris = await signedIn(browser, server, "boris", DEMO_PASSWORD);

  await owner.page.click(".new-group-button");
  await owner.page.fill('.new-group input[name="title"]', "Project");
  await owner.page.fill('.new-group input[name="usernames"]', "@alice");
  await owner.page.click('.new-group button[type="submit"]');
  await owner.page.waitForURL(/\/im\/\d+$/);
  const groupUrl = owner.page.url();
  await owner.page.locator('.note:has-text("Test User created the group «Project»")').waitFor();
  await owner.page.locator('.note:has-text("Test User added Alice Ivanova")').waitFor();
  await owner.page.locator('.chat-view-head:has-text("2 members")').waitFor();

  // Alice is told at once: the group comes into her list.
  await openGroup(alice.page, "Project");
  await owner.page.click(".group-title");
  await owner.page.fill(".group-add .search", "boris");
  await owner.page.click('.group-add li:has-text("@boris") button');
  await owner.page.locator('.members li:has-text("@boris")').waitFor();
  await owner.page.keyboard.press("Escape");
  await openGroup(boris.page, "Project");
  await boris.page.locator(".chat-view-head:has-text('3 members')").waitFor();
  await alice.page.locator(".chat-view-head:has-text('3 members')").waitFor();

  await send(owner.page, "hello all");
  await alice.page.locator('.message.theirs:has-text("hello all")').waitFor();
  await boris.page.locator('.message.theirs:has-text("hello all")').waitFor();
  // ✓✓ once both have read it; the tick tells who and when.
  await owner.page.locator('.message.mine:has-text("hello all") .tick.read').click();
  await owner.page.locator('.read-by li:has-text("Alice Ivanova")').waitFor();
  await owner.page.locator('.read-by li:has-text("Борис Петров")').waitFor();
  await owner.page.keyboard.press("Escape");

  // Alice mentions Boris, picking his name as she types it; Boris sees who is typing.
  await alice.page.locator(".composer textarea").pressSequentially("ask @bor");
  await boris.page.locator('.chat-view-head .typing:has-text("Alice Ivanova is typing")').waitFor();
  await alice.page.click('.mention-suggestions button:has-text("@boris")');
  await alice.page.locator(".composer textarea:focus").waitFor();
  assert.equal(await alice.page.locator(".composer textarea").inputValue(), "ask @boris ");
  await alice.page.keyboard.type("please");
  await alice.page.keyboard.press("Enter");
  const mention = boris.page.locator('.message:has-text("ask @boris please") .mention');
  assert.equal(await mention.innerText(), "@boris");

  // Removed, Boris keeps what he saw and is told nothing more.
  await owner.page.click(".group-title");
  await owner.page.click('.members li:has-text("@boris") button:has-text("Remove")');
  await owner.page.locator('.members li:has-text("@boris")').waitFor({ state: "detached" });
  await owner.page.keyboard.press("Escape");
  await boris.page.locator(".left-note").waitFor();
  await boris.page.locator('a.chat-item:has-text("Project") .left-mark').waitFor();
  assert.equal(await boris.page.locator(".composer").count(), 0);
  await send(owner.page, "after boris");
  await alice.page.locator('.message:has-text("after boris")').waitFor();
  assert.equal(await boris.page.locator('.message:has-text("after boris")').count(), 0);
  assert.equal(await boris.page.locator('.message:has-text("hello all")').count(), 1);

  // Alice leaves; the owner sees it in the history.
  await alice.page.click(".group-title");
  await alice.page.click('.group-panel button:has-text("Leave group")');
  await alice.page.locator(".left-note").waitFor();
  await owner.page.locator('.note:has-text("Alice Ivanova left the group")').waitFor();

  // An invite link brings Boris back.
  await owner.page.click(".group-title");
  await owner.page.fill('.link-options input[name="uses"]', "1");
  await owner.page.click('.invite-links button:has-text("Create an invite link")');
  const link = await owner.page.locator(".invite-links li input").first().inputValue();
  assert.match(link, /\/join\/[0-9a-f]{24}$/);
  await boris.page.goto(link);
  await boris.page.locator('.join-card:has-text("Project")').waitFor();
  await boris.page.click('.join-card button[type="submit"]');
  await boris.page.waitForURL(groupUrl);
  await boris.page.locator(".composer textarea").waitFor();
  await boris.page.locator('.message:has-text("after boris")').waitFor();
  await owner.page.locator('.invite-links li:has-text("joined: 1 / 1")').waitFor();
  assert.deepEqual([...owner.errors, ...alice.errors, ...boris.errors], []);
});
