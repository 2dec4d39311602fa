/** The bench's fan-out rows: Parley on each database beside the relay, and a page of groups. */
import { type FanoutFigures, groupPageSpeed, parleyFanout, relayFanout } from "./fanout.ts";
import { round } from "./stats.ts";
import type { DbKind } from "./target.ts";

interface Settings {
  kinds: DbKind[];
  quick: boolean;
  seconds: number;
  /** Each figure's median over the bench's runs. */
  medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]>;
}

export async function fanoutSection(
  row: (...cells: string[]) => void,
  { kinds, quick, seconds, medianOf }: Settings,
): Promise<void> {
  const members = quick ? 50 : 1000;
  const options = { members, singles: quick ? 3 : 20, rate: quick ? 5 : 20, seconds };
  const columns = (f: FanoutFigures) => [
    f.single.lastP50,
    f.single.lastP99,
    f.steady.p50,
    f.steady.p99,
    f.steady.pushesPerSecond,
  ];
  const fanoutRow = (target: string, figures: number[], comparison = "") => {
    const [lastP50, lastP99, p50, p99, pushes] = figures;
    row(
      "fan-out",
      `${target}, a group of ${members} on a socket each`,
      `one message, to the last member: p50 ${round(lastP50, 1)} ms, p99 ${round(lastP99, 1)} ms`,
      `${options.rate} msg/s: ${round(pushes, 0)} pushes/s, p50 ${round(p50, 1)} ms, p99 ${
        round(p99, 1)
      } ms`,
      comparison,
    );
  };
  const relay = await medianOf(() => relayFanout(options), columns);
  fanoutRow("relay (no database)", relay);
  for (const kind of kinds) {
    const parley = await medianOf(() => parleyFanout(kind, options), columns);
    fanoutRow(
      `Parley on ${kind}`,
      parley,
      `${round((parley[4] / relay[4]) * 100, 1)}% of relay's pushes/s`,
    );
  }
  const groups = quick ? 5 : 100;
  for (const kind of kinds) {
    const [p50, p99] = await medianOf(
      () => groupPageSpeed(kind, { groups, members, seconds }),
      (p) => [p.p50, p.p99],
    );
    row(
      "pages",
      `GET /im in ${groups} groups of ${members}, ${kind}`,
      `one at a time: p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`,
      "",
      "",
    );
  }
}
