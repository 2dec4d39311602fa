/// <reference lib="deno.worker" />
/** Renders one avatar off the server's thread: receives the image's bytes, answers the JPEG. */
import { renderAvatar } from "./avatar_render.ts";

self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  try {
    self.postMessage({ jpeg: await renderAvatar(event.data) });
  } catch {
    // No JPEG: what was sent does not decode.
    self.postMessage({});
  }
};
