/**
 * What ffmpeg tells of a video or a recording, where it is installed and Parley may run it
 * (`--allow-run=ffmpeg`, as `deno task start` grants): its length, and a video's poster, its first
 * frame as a JPEG. Without ffmpeg there is neither: the browser's player shows the first frame it
 * loads and the length once it has read it.
 */
import { WorkLimit } from "../lib/work_limit.ts";

/** Decoding is bounded like thumbnails: a couple at once, a few waiting, 20 s each at most. */
const limit = new WorkLimit("videos and recordings being read", 2, 8);
const TIMEOUT_MS = 20_000;

export interface MediaFacts {
  durationMs?: number;
  poster?: Uint8Array;
}

let available: Promise<boolean> | undefined;

/** Whether ffmpeg can be run here; asked once. */
export function ffmpegAvailable(): Promise<boolean> {
  available ??= new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null", stderr: "null" })
    .output().then((result) => result.success, () => false);
  return available;
}

/** The length of the video or recording in `stream`, and a video's first frame. */
export async function probeMedia(
  stream: ReadableStream<Uint8Array>,
  kind: "video" | "audio",
): Promise<MediaFacts> {
  if (!await ffmpegAvailable()) {
    await stream.cancel();
    return {};
  }
  return await limit.run(async () => {
    // A file, not a pipe: an MP4 may keep its index at its end, which ffmpeg must seek to.
    const input = await Deno.makeTempFile({ prefix: "parley-media-" });
    try {
      await stream.pipeTo((await Deno.open(input, { write: true })).writable);
      // Without an output ffmpeg only describes its input, and says it lacks one.
      const output = kind === "video"
        ? ["-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"]
        : [];
      const { success, stdout, stderr } = await new Deno.Command("ffmpeg", {
        args: ["-hide_banner", "-nostdin", "-i", input, ...output],
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).output();
      const durationMs = durationOf(new TextDecoder().decode(stderr));
      const poster = kind === "video" && success && stdout.byteLength > 0 ? stdout : undefined;
      return { ...(durationMs ? { durationMs } : {}), ...(poster ? { poster } : {}) };
    } catch {
      return {};
    } finally {
      await Deno.remove(input).catch(() => {});
    }
  }).catch(() => ({}));
}

/** The length ffmpeg reports for its input ("Duration: 00:01:02.50"), in milliseconds. */
export function durationOf(report: string): number | undefined {
  const found = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(report);
  if (!found) return undefined;
  const [hours, minutes, seconds] = found.slice(1).map(Number);
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}
