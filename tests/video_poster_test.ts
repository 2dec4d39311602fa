/**
 * A video's poster, made by ffmpeg where it is installed (CI installs it; without it the test says
 * it was skipped, and CI counts that as a failure).
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
  console.warn("%cThe video poster test is SKIPPED: no ffmpeg here.", "color: orange");
}

for (const kind of DB_KINDS) {
  Deno.test({
    name: `a video gets its first frame as a poster, made by ffmpeg (${kind})`,
    ignore: !ffmpeg,
    async fn() {
      await using db = await openTestDb(kind);
      await using server = await startTestServer({ db: db.db, env: NO_CONFIRMATION });
      await using ann = await TestSocket.open(server.wsUrl);
      const { token } = await signUp(ann, "ann");
      const path = await Deno.makeTempFile({ suffix: ".mp4" });
      const made = await new Deno.Command("ffmpeg", {
        args: [
          ...["-y", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=320x240:rate=10"],
          ...["-pix_fmt", "yuv420p", path],
        ],
      }).output();
      assert.ok(made.success, "ffmpeg made a video");
      const done = await upload(server.url, token, "clip.mp4", await Deno.readFile(path));
      await Deno.remove(path);
      assert.equal(done.kind, "video");
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
