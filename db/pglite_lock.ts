/**
 * One process at a time in a PGlite folder: PGlite is one embedded server, and two processes
 * writing the same files would corrupt them. A second Parley, or `deno task admin:grant` while
 * Parley runs, is refused with a clear message instead.
 */
import { join } from "node:path";

/** How long to wait for a folder another process holds before refusing. */
const WAIT_MS = 3_000;

export class DataDirBusyError extends Error {
  constructor(dir: string) {
    super(
      `Another process is using the embedded database in ${dir}. Stop it first, or use ` +
        "PostgreSQL (DATABASE_URL) to run several processes.",
    );
    this.name = "DataDirBusyError";
  }
}

/** Takes the folder `dir`'s lock; closing the returned file lets it go. */
export async function lockPgliteDir(dir: string): Promise<Deno.FsFile> {
  const file = await Deno.open(join(dir, "parley.lock"), { write: true, create: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const locked = await Promise.race([
      file.lock(true).then(() => true),
      new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), WAIT_MS)),
    ]);
    if (!locked) throw new DataDirBusyError(dir);
    return file;
  } catch (error) {
    file.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
