/** The bench's admin row: the statistics page on a large installation, on each database. */
import { adminSpeed } from "./admin.ts";
import { round } from "./stats.ts";
import type { DbKind } from "./target.ts";

interface Settings {
  kinds: DbKind[];
  quick: boolean;
  /** Each figure's median over the bench's runs. */
  medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]>;
}

export async function adminSection(
  row: (...cells: string[]) => void,
  { kinds, quick, medianOf }: Settings,
): Promise<void> {
  const users = quick ? 2_000 : 100_000;
  const messages = quick ? 20_000 : 10_000_000;
  for (const kind of kinds) {
    const [p50, p99, first, later] = await medianOf(
      () => adminSpeed(kind, { users, messages, requests: quick ? 10 : 100 }),
      (a) => [a.p50, a.p99, a.firstCountMs, a.laterCountMs],
    );
    row(
      "admin",
      `GET /admin, ${round(users, 0)} accounts, ${round(messages, 0)} messages, ${kind}`,
      `p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`,
      `first count of it all: ${round(first / 1000, 1)} s`,
      `count of a minute's 6,000 messages: ${round(later, 0)} ms`,
    );
  }
}
