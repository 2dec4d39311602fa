/**
 * A video's poster and length and a recording's length, told by ffmpeg where it is installed (CI
 * installs it; without it the test says it was skipped, and CI counts that as a failure).
 */
import assert from "node:assert/strict";
import { imageSize } from "image-size";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";
import { upload } from "./helpers/uploads.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

const NO_CONFIRMATION = { REQUIRE_EMAIL_CONFIRMATION: "false" };

const ffmpeg = await new Deno.Command("ffmpeg", {
  args: ["-version"],
  stdout: "null",
  stderr: "null",
})
  .output().then((result) => result.success, () => false);
if (!ffmpeg) {
  // deno-lint-ignore no-console
  console.warn("%cThe video and audio tests are SKIPPED: no ffmpeg here.", "color: orange");
}

/** A file ffmpeg makes from `args` (its input), named `name`. */
async function made(name: string, ...args: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const path = `${await Deno.makeTempDir()}/${name}`;
  const { success } = await new Deno.Command("ffmpeg", {
    args: ["-y", "-v", "error", ...args, path],
  })
    .output();
  assert.ok(success, `ffmpeg made ${name}`);
  const bytes = await Deno.readFile(path);
  await Deno.remove(path);
  return bytes;
}

for (const kind of DB_KINDS) {
  Deno.test({
    name: `a video gets its first frame as a poster and its length, told by ffmpeg (${kind})`,
    ignore: !ffmpeg,
    async fn() {
      await using db = await openTestDb(kind);
      await using server = await startTestServer({ db: db.db, env: NO_CONFIRMATION });
      await using ann = await TestSocket.open(server.wsUrl);
      const { token } = await signUp(ann, "ann");
      const video = await made(
        "clip.mp4",
        ...["-f", "lavfi", "-i", "testsrc=duration=1:size=320x240:rate=10", "-pix_fmt", "yuv420p"],
      );
      const done = await upload(server.url, token, "clip.mp4", video);
      assert.equal(done.kind, "video");
      assert.equal(done.durationMs, 1000);
      assert.match(String(done.placeholder), /^[A-Za-z0-9+/]+=*$/);
      const poster = await fetch(new URL(`/files/${done.id}?thumb`, server.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(poster.headers.get("content-type"), "image/jpeg");
      const size = imageSize(new Uint8Array(await poster.arrayBuffer()));
      assert.deepEqual([size.width, size.height], [320, 240]);
    },
  });
}

for (const kind of DB_KINDS) {
  Deno.test({
    name: `a recording's length is in the message that carries it (${kind})`,
    ignore: !ffmpeg,
    async fn() {
      await using db = await openTestDb(kind);
      await using server = await startTestServer({ db: db.db, env: NO_CONFIRMATION });
      await using ann = await TestSocket.open(server.wsUrl);
      const { token } = await signUp(ann, "ann");
      await using bob = await TestSocket.open(server.wsUrl);
      await signUp(bob, "bob");
      const audio = await made(
        "note.ogg",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=2.5",
        "-c:a",
        "libopus",
      );
      const done = await upload(server.url, token, "note.ogg", audio);
      assert.equal(done.kind, "audio");
      assert.ok(Math.abs(Number(done.durationMs) - 2500) <= 50, `${done.durationMs} ms`);
      const chat = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
        username: "bob",
      });
      await ann.request("messages.send", {
        chatId: chat.result.chatId,
        content: "",
        clientId: "n1",
        attachments: [done.id],
      });
      const pushed = await bob.nextEvent(5_000, ["message.new"]);
      const [attachment] = (pushed.data as { attachments: Record<string, unknown>[] }).attachments;
      assert.equal(attachment.durationMs, done.durationMs, "the message says how long it plays");
    },
  });
}
