/** The bench's search row: one-word queries over a large installation, on each database. */
import { searchSpeed } from "./search.ts";
import { round } from "./stats.ts";
import type { DbKind } from "./target.ts";

interface Settings {
  kinds: DbKind[];
  quick: boolean;
  /** Each figure's median over the bench's runs. */
  medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]>;
}

export async function searchSection(
  row: (...cells: string[]) => void,
  { kinds, quick, medianOf }: Settings,
): Promise<void> {
  const messages = quick ? 20_000 : 1_000_000;
  for (const kind of kinds) {
    const [p50, p99, build, sendP50, sendP99] = await medianOf(
      () => searchSpeed(kind, { messages, queries: quick ? 20 : 300 }),
      (s) => [s.p50, s.p99, s.buildSeconds, s.sendP50, s.sendP99],
    );
    row(
      "search",
      `one word, ${round(messages, 0)} messages in 10,000 chats, searcher in 200, ${kind}`,
      `p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`,
      `indexes built ${round(build, 1)} s after start`,
      `sends meanwhile: p50 ${round(sendP50, 1)} ms, p99 ${round(sendP99, 1)} ms`,
    );
  }
}
