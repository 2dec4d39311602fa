/// <reference lib="deno.worker" />
/** Hashes and checks passwords off the server's thread (`passwords.ts`). */
import { hashNow, type PasswordJob, verifyNow } from "./password_hashing.ts";

self.onmessage = async ({ data }: MessageEvent<PasswordJob>) => {
  try {
    const result = data.op === "hash"
      ? await hashNow(data.password, data.params)
      : await verifyNow(data.password, data.hash);
    self.postMessage({ result });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
