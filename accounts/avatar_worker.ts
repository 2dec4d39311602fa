/// <reference lib="deno.worker" />
/** Renders avatars off the server's thread: receives an image's bytes, answers the JPEG. */
import { renderAvatar } from "./avatar_render.ts";

self.onmessage = async (event: MessageEvent<Uint8Array>) => {
  try {
    self.postMessage({ result: await renderAvatar(event.data) });
  } catch {
    // No JPEG: what was sent does not decode.
    self.postMessage({ result: undefined });
  }
};
