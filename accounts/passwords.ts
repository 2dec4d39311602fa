/**
 * Password hashing with argon2id, stored as a PHC string so that hashes made with older parameters
 * are recognised and upgraded at the next sign-in.
 *
 * Each hash takes tens of milliseconds of CPU and 19 MiB: it runs in workers on half the cores,
 * with a short queue, so that a flood of sign-ins or registrations neither stalls the server's thread (and with
 * it every socket) nor grows its memory; beyond the queue the request is refused with 503.
 */
import { WorkerPool } from "../lib/worker_pool.ts";
import { type HashParams, type PasswordJob, runNow } from "./password_hashing.ts";

/** The parameters new hashes use: OWASP's argon2id recommendation (19 MiB, 2 passes). */
export const CURRENT_PARAMS: HashParams = { memorySize: 19_456, iterations: 2, parallelism: 1 };

/**
 * Hashes at once, and hashes waiting for a place. A hash keeps a core busy from start to end: half
 * the cores at most, so that a flood of sign-ins leaves the other half to the sockets.
 */
export const HASHING = {
  concurrency: Math.max(1, Math.floor(navigator.hardwareConcurrency / 2)),
  queue: 64,
};

const pool = new WorkerPool<PasswordJob, string | boolean>(
  new URL("./password_worker.ts", import.meta.url),
  { what: "password checks", ...HASHING },
  runNow,
);

/** Hashes `password` with `params` (the current ones unless a test asks otherwise). */
export async function hashPassword(password: string, params = CURRENT_PARAMS): Promise<string> {
  return await pool.run({ op: "hash", password, params }) as string;
}

/** Whether `password` matches `hash`; false for an empty or malformed hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash.startsWith("$argon2id$")) return false;
  return await pool.run({ op: "verify", password, hash }) as boolean;
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
  // Made again next time if the pool was too busy to make it now.
  decoy ??= hashPassword(crypto.randomUUID()).catch((error) => {
    decoy = undefined;
    throw error;
  });
  await verifyPassword(password, await decoy);
  return false;
}
