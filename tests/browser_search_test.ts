/** Message search in the browser: found, marked, and opened at the message with its neighbours. */
import assert from "node:assert/strict";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { TestSocket } from "./helpers/ws_client.ts";

browserTest("a message found opens its chat there, and scrolling loads both ways", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const { page, errors } = await signedInPage(browser, server.url, "test", "test");
  const cookie = (await page.context().cookies()).find((c) => c.name === "parley_session")!;
  await using socket = await TestSocket.open(server.wsUrl, {
    cookie: `parley_session=${cookie.value}`,
  });
  const chatId = Number(
    await page.locator('a.chat-item:has-text("Alice Ivanova")').getAttribute("data-chat-id"),
  );
  const send = (content: string) =>
    socket.request("messages.send", { chatId, content, clientId: crypto.randomUUID() });
  for (let i = 0; i < 60; i++) await send(`filler ${i}`);
  await send("Встречаемся у памятника в семь");
  for (let i = 60; i < 120; i++) await send(`filler ${i}`);

  await page.fill(".message-search input[type=search]", "памятнику");
  const hit = page.locator("a.search-hit");
  await hit.waitFor();
  assert.equal(await hit.locator("mark").innerText(), "памятника", "another form, marked");
  assert.equal(await hit.locator(".chat-title").innerText(), "Alice Ivanova");
  await hit.click();
  await page.waitForURL(/\/im\/\d+\?at=\d+$/);
  await page.locator('.messenger[data-state="open"]').waitFor();
  const found = page.locator(".message.found");
  assert.match(await found.innerText(), /памятника/);
  assert.ok(await found.isVisible(), "in view");
  const shown = () => page.locator(".messages .message").allInnerTexts();
  assert.ok(!(await shown()).some((text) => text.includes("filler 119")), "the latest wait");
  assert.ok(!(await shown()).some((text) => text.includes("filler 0\n")), "so do the oldest");

  // Scrolling down loads the newer messages until the latest; scrolling up, the older.
  const scroll = (to: "top" | "bottom") =>
    page.locator("ol.messages").evaluate((list, to) => {
      list.scrollTop = to === "top" ? 0 : list.scrollHeight;
      list.dispatchEvent(new Event("scroll"));
    }, to);
  for (let i = 0; i < 10 && !(await shown()).some((t) => t.includes("filler 119")); i++) {
    await scroll("bottom");
    await page.waitForTimeout(200);
  }
  assert.ok((await shown()).some((text) => text.includes("filler 119")), "newer loaded");
  for (let i = 0; i < 10 && !(await shown()).some((t) => /filler 0\b/.test(t)); i++) {
    await scroll("top");
    await page.waitForTimeout(200);
  }
  assert.ok((await shown()).some((text) => /filler 0\b/.test(text)), "older loaded");
  const texts = (await shown()).map((text) => text.match(/filler (\d+)/)?.[1]).filter(Boolean);
  assert.deepEqual(texts.map(Number), Array.from({ length: 120 }, (_, i) => i), "no gap, once");

  // Searching one chat from its header: the chat filter is set, other chats' hits go.
  await page.click(".chat-view-head .search-button");
  await page.fill(".message-search input[type=search]", "filler 7");
  await page.locator("a.search-hit").first().waitFor();
  await page.click('.message-search button:has-text("Filters")');
  assert.equal(await page.locator(".search-filters select").inputValue(), String(chatId));
  await page.fill(".message-search input[type=search]", "nothing-like-this-anywhere");
  await page.locator(".search-results .empty").waitFor();
  await page.keyboard.press("Escape");
  await page.locator("a.chat-item").first().waitFor();
  assert.deepEqual(errors, []);
});
