/**
 * Files in the messenger, in a real browser: picked with the paperclip, pasted or dropped; each
 * with its progress, retried after a failure without picking it again; sent with a caption and
 * shown to the other side as a picture or a file to download.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { browserTest, launchBrowser, signedInPage } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startS3 } from "./helpers/s3.ts";
import { startTestServer } from "./helpers/server.ts";
import { png } from "./helpers/uploads.ts";
import { fileSize } from "../lib/client/file_size.ts";

/**
 * A fresh server with the demo's data: its test user signed in with Alice's chat open, and Alice
 * signed in beside, each in a browser context of their own.
 */
async function testWritesToAlice(storage: "local" | "s3" = "local") {
  const s3 = storage === "s3" ? await startS3() : undefined;
  const test = await openTestDb("pglite");
  const server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true", ...s3?.env } });
  const browser = await launchBrowser();
  const me = await signedInPage(browser, server.url, "test", "test");
  const alice = await signedInPage(browser, server.url, "alice", DEMO_PASSWORD);
  await me.page.click('a.chat-item:has-text("Alice Ivanova")');
  await me.page.locator('.messenger[data-state="open"] .chat-view').waitFor();
  return {
    test,
    server,
    me,
    alice,
    async [Symbol.asyncDispose]() {
      await browser[Symbol.asyncDispose]();
      await server[Symbol.asyncDispose]();
      await test[Symbol.asyncDispose]();
      await s3?.[Symbol.asyncDispose]();
    },
  };
}

for (const storage of ["local", "s3"] as const) {
  browserTest(
    `a photo and a file sent and received; paste, drop and retry (${storage})`,
    () => photoAndFile(storage),
  );
}

async function photoAndFile(storage: "local" | "s3") {
  await using chat = await testWritesToAlice(storage);
  const { test, server, me, alice } = chat;
  const { page } = me;
  await alice.page.click('a.chat-item:has-text("Test User")');
  await alice.page.locator('.messenger[data-state="open"] .chat-view').waitFor();

  const photo = await png(640, 480);
  const second = await png(200, 300);
  await page.setInputFiles(".attach-input", [
    { name: "sunset.png", mimeType: "image/png", buffer: Buffer.from(photo) },
    { name: "tower.png", mimeType: "image/png", buffer: Buffer.from(second) },
  ]);
  await page.locator(".attached.done:has-text('sunset.png')").waitFor();
  await page.locator(".attached.done:has-text('tower.png')").waitFor();
  await page.fill(".composer textarea", "the view");
  await page.keyboard.press("Enter");
  const sent = page.locator('.message.mine:has-text("the view")');
  await sent.locator(".tick:not(.pending)").waitFor();
  assert.equal(await page.locator(".attachment-tray").count(), 0, "the tray empties once sent");

  const received = alice.page.locator('.message.theirs:has-text("the view")');
  const natural = (img: HTMLImageElement) =>
    img.decode().then(() => [img.naturalWidth, img.naturalHeight]);
  const shown = received.locator(".photos img:not(.placeholder)").first();
  await shown.waitFor();
  assert.deepEqual(await shown.evaluate(natural), [480, 360], "its thumbnail, fetched by a member");
  assert.equal(await received.locator(".photos img.placeholder").count(), 2, "placeholders");
  assert.equal(
    await alice.page.locator('.chat-item:has-text("Test User") .chat-last').innerText(),
    "Test User: Photo, the view",
  );
  // The viewer: full size, the arrow keys between the message's photos, Escape closes.
  await received.locator(".photos .photo").nth(1).click();
  await alice.page.locator('.viewer img[alt="tower.png"]').waitFor();
  assert.equal(await alice.page.locator(".viewer-count").innerText(), "2 / 2");
  await alice.page.keyboard.press("ArrowRight");
  const full = alice.page.locator('.viewer img[alt="sunset.png"]');
  await full.waitFor();
  assert.deepEqual(await full.evaluate(natural), [640, 480], "the photo itself, full size");
  await alice.page.keyboard.press("Escape");
  await alice.page.locator(".viewer").waitFor({ state: "detached" });

  // A pasted file whose upload fails on every try the uploader makes by itself (it resumes a few
  // times after a dropped part): then the tray offers Retry, which needs no picking again.
  let failures = 4;
  await page.route(
    "**/api/uploads/*",
    (route) =>
      route.request().method() === "PATCH" && failures-- > 0 ? route.abort() : route.fallback(),
  );
  await page.locator(".composer textarea").evaluate((area) => {
    const data = new DataTransfer();
    data.items.add(new File(["quarterly numbers"], "report.txt", { type: "text/plain" }));
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
  });
  await page.locator(".attached.failed:has-text('report.txt')").waitFor({ timeout: 20_000 });
  await page.click('.attached:has-text("report.txt") button:has-text("Retry")');
  await page.locator(".attached.done:has-text('report.txt')").waitFor();

  // A dropped one, removed again before sending.
  await page.locator(".chat-view").evaluate((view) => {
    const data = new DataTransfer();
    data.items.add(new File(["draft"], "draft.txt", { type: "text/plain" }));
    view.dispatchEvent(
      new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  });
  await page.locator(".attached:has-text('draft.txt')").waitFor();
  await page.click('.attached:has-text("draft.txt") .remove-attachment');
  await page.locator(".attached:has-text('draft.txt')").waitFor({ state: "detached" });
  await page.click('.composer button[type="submit"]');

  const file = alice.page.locator('.message.theirs .file-link:has-text("report.txt")');
  await file.waitFor();
  // Dispatched rather than clicked at a point: the list may still move as its pictures decode.
  const [download] = await Promise.all([
    alice.page.waitForEvent("download"),
    file.dispatchEvent("click"),
  ]);
  assert.equal(download.suggestedFilename(), "report.txt");
  const body = await download.createReadStream();
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  assert.equal(
    new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))),
    "quarterly numbers",
  );
  const [{ count }] = await test.db.query<{ count: number }>(
    "select count(*)::int as count from uploads where name = 'draft.txt'",
  );
  assert.equal(count, 0, "a file removed from the tray is deleted on the server");
  await page.goto(new URL("/account?tab=storage", server.url).href);
  assert.deepEqual(
    await page.locator("table.storage tr").allInnerTexts(),
    [
      `Photos\t2\t${fileSize(photo.length + second.length, "en")}`,
      "Other files\t1\t17B",
    ],
  );
  await page.locator("meter[value]").waitFor();
  assert.deepEqual(me.errors, []);
  assert.deepEqual(alice.errors, []);
}

browserTest("a sticker picked from the pack is sent and shown large", async () => {
  await using chat = await testWritesToAlice();
  const { me, alice } = chat;
  await alice.page.locator('.messenger[data-state="open"]').waitFor();
  await me.page.click('.composer button[aria-label="Stickers"]');
  await me.page.locator(".sticker-grid li").first().waitFor();
  assert.equal(await me.page.locator(".sticker-grid li").count(), 24);
  await me.page.click('.sticker-choice[aria-label="rocket"]');
  await me.page.locator(".modal").waitFor({ state: "detached" });
  await me.page.locator('.message.mine.sticker-message img[alt="rocket"]').waitFor();
  await me.page.locator(".message.mine.sticker-message .tick:not(.pending)").waitFor();
  assert.equal(
    await alice.page.locator('.chat-item:has-text("Test User") .chat-last').innerText(),
    "Test User: Sticker",
  );
  await alice.page.click('a.chat-item:has-text("Test User")');
  const sticker = alice.page.locator('.message.theirs.sticker-message img[alt="rocket"]');
  await sticker.waitFor();
  const width = await sticker.evaluate((img: HTMLImageElement) =>
    img.decode().then(() => img.naturalWidth)
  );
  assert.ok(width > 0, "the picture loads");
  assert.deepEqual(me.errors, []);
});

browserTest("a video plays inline and seeks, its bytes fetched by range", async () => {
  await using chat = await testWritesToAlice();
  const { me, alice } = chat;
  // Progress shows while a file goes up: here its parts are held back a moment.
  await me.page.route("**/api/uploads/*", async (route) => {
    if (route.request().method() === "PATCH") await new Promise((r) => setTimeout(r, 1_500));
    await route.fallback();
  });
  // A WebM recorded in the page from a canvas: no video encoder is needed on the machine.
  await me.page.locator(".composer textarea").evaluate(async (area) => {
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 120;
    const context = canvas.getContext("2d")!;
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: "video/webm" });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => recorder.onstop = resolve);
    recorder.start(100);
    for (let frame = 0; frame < 60; frame++) {
      context.fillStyle = `hsl(${frame * 6} 80% 50%)`;
      context.fillRect(0, 0, 160, 120);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    recorder.stop();
    await stopped;
    const data = new DataTransfer();
    data.items.add(new File(chunks, "clip.webm", { type: "video/webm" }));
    area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
  });
  await me.page.locator(".attached.uploading:has-text('clip.webm') progress").waitFor();
  await me.page.locator(".attached.done:has-text('clip.webm')").waitFor({ timeout: 20_000 });
  await me.page.click('.composer button[type="submit"]');
  await me.page.locator(".message.mine video").waitFor();

  const ranges: string[] = [];
  alice.page.on("response", (response) => {
    if (response.url().includes("/files/") && response.status() === 206) {
      ranges.push(response.headers()["content-range"]);
    }
  });
  await alice.page.click('a.chat-item:has-text("Test User")');
  const video = alice.page.locator(".message.theirs video");
  await video.waitFor();
  const seeked = await video.evaluate(async (element: HTMLVideoElement) => {
    if (element.readyState < 1) {
      await new Promise((resolve) => element.addEventListener("loadedmetadata", resolve));
    }
    element.currentTime = 1;
    await new Promise((resolve) => element.addEventListener("seeked", resolve, { once: true }));
    return element.currentTime;
  });
  assert.ok(seeked >= 0.5, `seeked to ${seeked}`);
  assert.ok(ranges.length > 0, "the player asked for ranges and got 206");
});
