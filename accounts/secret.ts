/**
 * The server's signing key: `SECRET` when set, else a random one generated on first start and
 * kept in `DATA_DIR/secret`, so that sessions survive a restart.
 */
import { join } from "node:path";
import { randomHex } from "../lib/crypto.ts";

/** Returns the secret's bytes, creating and storing one when the configuration has none. */
export async function loadSecret(
  options: { secret?: string; dataDir: string },
): Promise<Uint8Array> {
  if (options.secret) return new TextEncoder().encode(options.secret);
  const path = join(options.dataDir, "secret");
  try {
    return new TextEncoder().encode((await Deno.readTextFile(path)).trim());
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const generated = randomHex(32);
  await Deno.mkdir(options.dataDir, { recursive: true });
  try {
    // createNew: when two processes start at once, the second reads the first one's secret.
    await Deno.writeTextFile(path, generated + "\n", { createNew: true, mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    return new TextEncoder().encode((await Deno.readTextFile(path)).trim());
  }
  return new TextEncoder().encode(generated);
}
