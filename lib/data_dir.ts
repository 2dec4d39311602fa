/**
 * The data folder holds password hashes, TOTP secrets, the signing key and (with PGlite) every
 * message: it is created private to Parley's user, and one that others may write is refused, since
 * whoever can replace its files can replace the database.
 */

/** Thrown when `DATA_DIR` is open to others. */
export class UnsafeDataDirError extends Error {
  constructor(readonly dir: string, readonly mode: number) {
    super(`${dir} is writable by other users (mode ${mode.toString(8).padStart(3, "0")})`);
    this.name = "UnsafeDataDirError";
  }
}

/**
 * Creates `dir` (mode 700) when missing; takes read access from others when they have it; refuses
 * a folder others may write. Windows has no such modes.
 */
export async function prepareDataDir(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  if (Deno.build.os === "windows") return;
  const mode = (await Deno.stat(dir)).mode! & 0o777;
  if (mode & 0o022) throw new UnsafeDataDirError(dir, mode);
  if (mode & 0o077) await Deno.chmod(dir, 0o700);
}
