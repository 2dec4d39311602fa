import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { MessageFiles } from "./MessageFiles.tsx";
import { playTime } from "../../lib/client/play_time.ts";

Deno.test("play times read as players show them", () => {
  assert.equal(playTime(7_400), "0:07");
  assert.equal(playTime(221_000), "3:41");
  assert.equal(playTime(3_725_000), "1:02:05");
});

Deno.test("a video and a recording show how long they play before they load", () => {
  const html = renderToString(
    <MessageFiles
      locale="en"
      labels={{ download: "Download" }}
      attachments={[
        {
          id: "v",
          kind: "video",
          name: "clip.mp4",
          size: 5,
          mime: "video/mp4",
          url: "/files/v",
          durationMs: 61_000,
        },
        {
          id: "a",
          kind: "audio",
          name: "note.ogg",
          size: 5,
          mime: "audio/ogg",
          url: "/files/a",
          durationMs: 2_500,
        },
        { id: "f", kind: "file", name: "a.pdf", size: 5, mime: "application/pdf", url: "/files/f" },
      ]}
    />,
  );
  assert.match(html, /<span class="play-time">1:01<\/span>/);
  assert.match(html, /5B · 0:03/);
  assert.equal(html.match(/·/g)?.length, 1, "a file without a length shows none");
});
