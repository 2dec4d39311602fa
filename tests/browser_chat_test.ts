/**
 * Two people chatting in two browser contexts: live delivery, read ticks, and what happens
 * when one of them loses the connection and comes back.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

async function openChat(page: Page, title: string) {
  await page.click(`a.chat-item:has-text("${title}")`);
  await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
}

const count = (page: Page, text: string) => page.locator(`.message:has-text("${text}")`).count();

browserTest(
  "A sends, B sees it live and reads it, A sees ✓✓; B drops out and catches up",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const a = await signedInPage(browser, server.url, "test", "test");
    const b = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
    await openChat(a.page, "Alice Ivanova");
    await openChat(b.page, "Test User");

    await a.page.fill(".composer textarea", "Are you **there**?");
    await a.page.keyboard.press("Enter");
    const arrived = b.page.locator('.message.theirs:has-text("Are you there?")');
    await arrived.waitFor();
    assert.equal(await arrived.locator("strong").innerText(), "there", "Markdown rendered");
    await a.page.locator('.message.mine:has-text("Are you there?") .tick.read').waitFor();

    await b.context.setOffline(true);
    await b.page.locator('.messenger[data-state="closed"]').waitFor();
    assert.equal(await b.page.locator(".conn-banner").count(), 1);
    // Writing goes on offline, as the banner says: the message waits, marked, and goes once back.
    await b.page.fill(".composer textarea", "written offline");
    await b.page.keyboard.press("Enter");
    await b.page.locator('.message.mine:has-text("written offline") .tick.pending').waitFor();
    await a.page.fill(".composer textarea", "first while you were away");
    await a.page.keyboard.press("Enter");
    await a.page.fill(".composer textarea", "second while you were away");
    await a.page.keyboard.press("Enter");
    await a.page.locator('.message.mine:has-text("second while you were away") .tick.sent')
      .waitFor();

    await b.context.setOffline(false);
    await b.page.locator('.messenger[data-state="open"]').waitFor();
    await b.page.locator('.message:has-text("second while you were away")').waitFor();
    assert.equal(await count(b.page, "first while you were away"), 1);
    assert.equal(await count(b.page, "second while you were away"), 1);
    const order = (await b.page.locator(".message .body").allInnerTexts())
      .filter((text) => text.endsWith("while you were away"));
    assert.deepEqual(order, ["first while you were away", "second while you were away"]);
    await a.page.locator('.message.theirs:has-text("written offline")').waitFor();
    await b.page.locator('.message.mine:has-text("written offline") .tick:not(.pending)').waitFor();
    assert.deepEqual([...a.errors, ...b.errors], []);
  },
);

browserTest(
  "a message stored whose answer was lost is sent again on reconnect and kept once",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    const a = await signedInPage(browser, server.url, "test", "test");
    const b = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
    const stored = async (content: string) =>
      (await server.services.db.query("select 1 from messages where content = $1", [content]))
        .length;

    // B's socket goes through this relay, which can stop passing the server's frames the way a
    // failing network does: B's frames still reach the server, its answers never come back.
    const link = { answersLost: false, page: undefined as undefined | { close(): Promise<void> } };
    await b.page.routeWebSocket(/\/ws$/, (socket) => {
      const upstream = socket.connectToServer();
      socket.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => !link.answersLost && socket.send(message));
      link.page = socket;
    });
    await openChat(a.page, "Alice Ivanova");
    await openChat(b.page, "Test User");

    link.answersLost = true;
    await b.page.fill(".composer textarea", "answer lost");
    await b.page.keyboard.press("Enter");
    await b.page.locator('.message.mine:has-text("answer lost") .tick.pending').waitFor();
    await until(async () => await stored("answer lost") === 1, 10_000, "stored by the server");
    await a.page.locator('.message.theirs:has-text("answer lost")').waitFor();

    // The connection is found dead and comes back: B sends it again, with the same client id.
    link.answersLost = false;
    await link.page!.close();
    await b.page.locator(
      '.message.mine:has-text("answer lost") .tick.sent, .message.mine:has-text("answer lost") .tick.read',
    ).first().waitFor();
    // A later message: once A has it, whatever the resend could have brought came before.
    await b.page.fill(".composer textarea", "after the return");
    await b.page.keyboard.press("Enter");
    await a.page.locator('.message.theirs:has-text("after the return")').waitFor();
    assert.equal(await count(a.page, "answer lost"), 1);
    assert.equal(await count(b.page, "answer lost"), 1);
    assert.equal(await stored("answer lost"), 1);
  },
);

browserTest("a send refused while the server is busy (503) goes again after the wait", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const a = await signedInPage(browser, server.url, "test", "test");
  const b = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);

  // The first answer to a send B gets says the server is busy, as a full store queue would.
  const busy = { answered: 0, sends: 0 };
  await b.page.routeWebSocket(/\/ws$/, (socket) => {
    const upstream = socket.connectToServer();
    socket.onMessage((message) => {
      if (JSON.parse(String(message)).method === "messages.send") busy.sends++;
      upstream.send(message);
    });
    upstream.onMessage((message) => {
      const frame = JSON.parse(String(message));
      if (frame.result?.message && busy.answered++ === 0) {
        socket.send(JSON.stringify({
          id: frame.id,
          status: 503,
          error: { message: "Too many messages being stored at once", retryAfter: 1 },
        }));
      } else socket.send(message);
    });
  });
  await openChat(a.page, "Alice Ivanova");
  await openChat(b.page, "Test User");

  await b.page.fill(".composer textarea", "while busy");
  await b.page.keyboard.press("Enter");
  await b.page.locator(
    '.message.mine:has-text("while busy") .tick.sent, .message.mine:has-text("while busy") .tick.read',
  ).first().waitFor();
  assert.equal(busy.sends, 2, "sent again after the wait, once");
  await b.page.fill(".composer textarea", "after busy");
  await b.page.keyboard.press("Enter");
  await a.page.locator('.message.theirs:has-text("after busy")').waitFor();
  assert.equal(await count(a.page, "while busy"), 1);
  assert.equal(await count(b.page, "while busy"), 1);
});

browserTest("find someone, reply, edit, delete, see typing, mute and delete the chat", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const a = await signedInPage(browser, server.url, "carol", DEMO_PASSWORD);
  const b = await signedInPage(browser, server.url, "dmitry", DEMO_PASSWORD);

  await a.page.locator('.messenger[data-state="open"]').waitFor();
  await a.page.click(".add-contact");
  await a.page.fill(".modal .search", "dmi");
  await a.page.click('.people li:has-text("dmitry") button:has-text("Message")');
  await a.page.waitForURL(/\/im\/\d+$/);
  await a.page.locator('.messenger[data-state="open"] .chat-view').waitFor();

  await b.page.reload();
  await openChat(b.page, "Carol Smith");
  await a.page.fill(".composer textarea", "Hello Dmitry");
  await a.page.keyboard.press("Enter");
  const hello = b.page.locator('.message.theirs:has-text("Hello Dmitry")');
  await hello.waitFor();

  await b.page.locator(".composer textarea").pressSequentially("Прив");
  await a.page.locator(".chat-view-head .typing").waitFor();
  await hello.hover();
  await hello.locator('button:has-text("Reply")').click();
  await b.page.fill(".composer textarea", "Привет, Кэрол");
  await b.page.keyboard.press("Enter");
  const reply = a.page.locator('.message.theirs:has-text("Привет, Кэрол")');
  await reply.locator('.quote:has-text("Hello Dmitry")').waitFor();

  const mine = a.page.locator('.message.mine:has-text("Hello Dmitry")');
  await mine.hover();
  await mine.locator('button:has-text("Edit")').click();
  await a.page.fill(".composer textarea", "Hello, Dmitry!");
  await a.page.keyboard.press("Enter");
  await b.page.locator('.message.theirs:has-text("Hello, Dmitry!") .edited').waitFor();
  const edited = a.page.locator('.message.mine:has-text("Hello, Dmitry!")');
  await edited.hover();
  await edited.locator('button:has-text("Delete")').click();
  await a.page.click('.modal button.danger:has-text("Delete")');
  // B's reply quotes it too: the message itself is the one of theirs.
  await b.page.locator('.message.theirs:has-text("Hello, Dmitry!")').waitFor({ state: "detached" });

  await b.page.click(".menu-button");
  await b.page.click('.modal button:has-text("Mute notifications")');
  await b.page.locator('a.chat-item:has-text("Carol Smith") .muted-mark').waitFor();
  await b.page.click(".menu-button");
  await b.page.click('.modal button:has-text("Delete chat")');
  await b.page.click('.modal button:has-text("Delete for me")');
  await b.page.waitForURL(new URL("/im", server.url).href);
  assert.equal(await b.page.locator('a.chat-item:has-text("Carol Smith")').count(), 0);
  assert.equal(
    await a.page.locator('.message:has-text("Привет, Кэрол")').count(),
    1,
    "still there for Carol",
  );
  assert.deepEqual([...a.errors, ...b.errors], []);
});

browserTest("scrolling to the top loads older messages", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  const { sendMessage } = await import("../chats/messages.ts");
  const [chat] = await server.services.db.query<{ id: number; sender: number }>(
    `select c.id, u.id as sender from chats c join chat_members m on m.chat_id = c.id
     join users u on u.id = m.user_id where c.title = 'Parley team' and u.username = 'carol'`,
  );
  for (let i = 1; i <= 120; i++) {
    await sendMessage(server.services.db, chat.sender, { chatId: chat.id, content: `number ${i}` });
  }
  await using browser = await launchBrowser();
  const a = await signedInPage(browser, server.url, "test", "test");
  await openChat(a.page, "Parley team");
  assert.equal(await a.page.locator(".message").count(), 50, "the first page");
  await a.page.locator('.message:has-text("number 120")').waitFor();
  for (
    let i = 0;
    i < 5 && await a.page.locator('.message:has-text("Welcome to the team chat")').count() === 0;
    i++
  ) {
    await a.page.locator(".messages").evaluate((el) => el.scrollTop = 0);
    await a.page.waitForTimeout(300);
  }
  await a.page.locator('.message:has-text("Welcome to the team chat")').waitFor();
  assert.equal(await a.page.locator(".message").count(), 123, "everything, each once");
});

browserTest("ten messages sent as fast as a user can each reach the server once", async () => {
  await using test = await openTestDb("pglite");
  await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
  await using browser = await launchBrowser();
  const a = await signedInPage(browser, server.url, "test", "test");
  // Answers come back slowly, as on a distant server: every send is written while the ones
  // before it still wait for their answers.
  const sent: string[] = [];
  await a.page.routeWebSocket(/\/ws$/, (socket) => {
    const upstream = socket.connectToServer();
    socket.onMessage((message) => {
      const frame = JSON.parse(String(message));
      if (frame.method === "messages.send") sent.push(frame.params.clientId);
      upstream.send(message);
    });
    upstream.onMessage((message) => setTimeout(() => socket.send(message), 300));
  });
  await a.page.reload();
  await openChat(a.page, "Alice Ivanova");

  for (let i = 1; i <= 10; i++) {
    await a.page.fill(".composer textarea", `quick ${i}`);
    await a.page.keyboard.press("Enter");
  }
  await a.page.waitForFunction(() =>
    document.querySelectorAll(".message.mine .tick.pending").length === 0
  );
  assert.equal(sent.length, 10, `each message sent once: ${sent.length} frames`);
  assert.equal(new Set(sent).size, 10);
  const bodies = await a.page.locator(".message.mine .body").allInnerTexts();
  assert.deepEqual(bodies.slice(-10), Array.from({ length: 10 }, (_, i) => `quick ${i + 1}`));
  assert.deepEqual(a.errors, []);
});
