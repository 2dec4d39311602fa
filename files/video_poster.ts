/**
 * A video's poster: its first frame as a JPEG, made by ffmpeg where it is installed and Parley may
 * run it (`--allow-run=ffmpeg`, as `deno task start` grants). Without ffmpeg there is none, and the
 * browser's player shows the first frame it loads.
 */
import { WorkLimit } from "../lib/work_limit.ts";

/** Decoding is bounded like thumbnails: a couple at once, a few waiting, 20 s each at most. */
const limit = new WorkLimit("video posters being made", 2, 8);
const TIMEOUT_MS = 20_000;

let available: Promise<boolean> | undefined;

/** Whether ffmpeg can be run here; asked once. */
export function ffmpegAvailable(): Promise<boolean> {
  available ??= new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null", stderr: "null" })
    .output().then((result) => result.success, () => false);
  return available;
}

/** The first frame of the video in `stream`, or undefined when there is no ffmpeg or no frame. */
export async function posterOf(
  stream: ReadableStream<Uint8Array>,
): Promise<Uint8Array | undefined> {
  if (!await ffmpegAvailable()) {
    await stream.cancel();
    return undefined;
  }
  return await limit.run(async () => {
    // A file, not a pipe: an MP4 may keep its index at its end, which ffmpeg must seek to.
    const input = await Deno.makeTempFile({ prefix: "parley-video-" });
    try {
      await stream.pipeTo((await Deno.open(input, { write: true })).writable);
      const { success, stdout } = await new Deno.Command("ffmpeg", {
        args: [
          ...["-v", "error", "-i", input, "-frames:v", "1"],
          ...["-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"],
        ],
        stdout: "piped",
        stderr: "null",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).output();
      return success && stdout.byteLength > 0 ? stdout : undefined;
    } catch {
      return undefined;
    } finally {
      await Deno.remove(input).catch(() => {});
    }
  }).catch(() => undefined);
}
