/**
 * Password hashing with argon2id (WebAssembly, no native addon), stored as a PHC string so
 * that hashes made with older parameters are recognised and upgraded at the next sign-in.
 */
import { argon2id, argon2Verify } from "hash-wasm";

/** The parameters new hashes use: OWASP's argon2id recommendation (19 MiB, 2 passes). */
export const CURRENT_PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1 };

/** Hashes `password` with `params` (the current ones unless a test asks otherwise). */
export function hashPassword(password: string, params = CURRENT_PARAMS): Promise<string> {
  return argon2id({
    password,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    ...params,
    hashLength: 32,
    outputType: "encoded",
  });
}

/** Whether `password` matches `hash`; false for an empty or malformed hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash.startsWith("$argon2id$")) return false;
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

/** Whether `hash` was made with other parameters than the current ones. */
export function needsRehash(hash: string): boolean {
  const { memorySize: m, iterations: t, parallelism: p } = CURRENT_PARAMS;
  return !hash.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no account to check against, so that
 * the answer's timing does not tell whether an account exists.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await decoy);
  return false;
}
