/**
 * The argon2id work itself (WebAssembly, no native addon), on whatever thread calls it: the
 * password workers (`password_worker.ts`), or the server's thread where workers cannot start.
 */
import { argon2id, argon2Verify } from "hash-wasm";

export interface HashParams {
  memorySize: number;
  iterations: number;
  parallelism: number;
}

/** One job for a password worker. */
export type PasswordJob =
  | { op: "hash"; password: string; params: HashParams }
  | { op: "verify"; password: string; hash: string };

export function hashNow(password: string, params: HashParams): Promise<string> {
  return argon2id({
    password,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    ...params,
    hashLength: 32,
    outputType: "encoded",
  });
}

/** Whether `password` matches the argon2id `hash`; false for a malformed one. */
export async function verifyNow(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

/** Runs `job` on this thread. */
export function runNow(job: PasswordJob): Promise<string | boolean> {
  return job.op === "hash" ? hashNow(job.password, job.params) : verifyNow(job.password, job.hash);
}
