/**
 * The server's VAPID keys (RFC 8292): push services accept messages signed with them for the
 * subscriptions made with their public half. From `VAPID_PUBLIC_KEY` and `VAPID_PRIVATE_KEY`, or
 * generated once into the data folder; every process of an installation must use the same pair,
 * so several processes on separate disks set them.
 */
import { join } from "node:path";
// @ts-types="@types/web-push"
import webpush from "web-push";

export interface VapidKeys {
  /** The public key, base64url: what browsers subscribe with. */
  publicKey: string;
  privateKey: string;
  /** Who push services can reach about the messages: a `mailto:` or `https:` URL. */
  subject: string;
}

export async function loadVapidKeys(
  options: { publicKey?: string; privateKey?: string; subject: string; dataDir: string },
): Promise<VapidKeys> {
  const { subject } = options;
  if (options.publicKey && options.privateKey) {
    return { publicKey: options.publicKey, privateKey: options.privateKey, subject };
  }
  const path = join(options.dataDir, "vapid.json");
  const read = async () => ({ ...JSON.parse(await Deno.readTextFile(path)), subject });
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const generated = webpush.generateVAPIDKeys();
  await Deno.mkdir(options.dataDir, { recursive: true });
  try {
    // createNew: when two processes start at once, the second reads the first one's keys.
    await Deno.writeTextFile(path, JSON.stringify(generated) + "\n", {
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    return await read();
  }
  return { ...generated, subject };
}
