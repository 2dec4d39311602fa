/**
 * The shape of the original protocol's answers: `mode` echoed, the server's `timestamp`,
 * `status` as a string, the result's fields at the top level, `error_msg` on failure.
 */
import type { Outcome } from "../invoke.ts";

/** The original protocol's time format, "YYYY-MM-DD HH:MM:SS", in UTC. */
export function v1Time(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** Serialises an outcome as a v1 answer to `mode`. */
export function v1Answer(mode: string | null, outcome: Outcome): string {
  const head = { mode, timestamp: v1Time(new Date()), status: String(outcome.status) };
  if ("result" in outcome) {
    const result = outcome.result && typeof outcome.result === "object" ? outcome.result : {};
    return JSON.stringify({ ...result, ...head });
  }
  return JSON.stringify({ ...head, error_msg: outcome.error.message });
}
