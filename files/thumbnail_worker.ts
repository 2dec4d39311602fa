/// <reference lib="deno.worker" />
/** Makes thumbnails off the server's thread: receives a photo's bytes, answers its thumbnail. */
import { renderThumbnail } from "./thumbnail_render.ts";

self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  try {
    self.postMessage({ result: await renderThumbnail(event.data) });
  } catch {
    // No thumbnail: what was sent does not decode.
    self.postMessage({ result: undefined });
  }
};
