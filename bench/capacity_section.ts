/** The bench's capacity rows: idle sockets held by the relay and by Parley, and a message at the top. */
import { capacity, relayCapacity } from "./capacity.ts";
import { median, round } from "./stats.ts";
import type { DbKind } from "./target.ts";

interface Settings {
  kinds: DbKind[];
  quick: boolean;
  /** Each figure's median over the bench's runs. */
  medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]>;
  /** The sockets to open. */
  sockets: number;
  /** Sockets a server process may hold; more take more processes. */
  perProcess?: number;
  /** Seconds the sockets are held idle after the ramp. */
  holdSeconds: number;
}

export async function capacitySection(
  row: (...cells: string[]) => void,
  { kinds, quick, medianOf, sockets, perProcess, holdSeconds }: Settings,
): Promise<void> {
  const over = (processes: number) => processes > 1 ? ` over ${processes} processes` : "";
  const memory = (afterRamp: number, held: number, heldOpen: number) =>
    `RSS per socket: ${round(afterRamp / 1024, 2)} KiB 2 s after the ramp, ${
      round(held / 1024, 2)
    } KiB held ${holdSeconds} s (${round(heldOpen, 0)} still open)`;
  const kind = kinds[0];
  const measureRelay = () =>
    medianOf(
      () => relayCapacity({ sockets, addresses: 16, perProcess, holdSeconds }),
      (c) => [c.processes, c.open, c.rssPerSocketBytes, c.heldRssPerSocketBytes, c.heldOpen],
    );
  const measureParley = () =>
    medianOf(
      () => capacity(kind, { sockets, addresses: 16, perProcess, holdSeconds }),
      (c) => [
        c.processes,
        c.open,
        c.rssPerSocketBytes,
        c.heldRssPerSocketBytes,
        c.heldOpen,
        c.deliveriesMs[0],
        median(c.deliveriesMs),
        Math.max(...c.deliveriesMs),
      ],
    );
  // Most of a run is waiting for memory to settle: a smoke run waits for both at once.
  const [relayFigures, parleyFigures] = quick
    ? await Promise.all([measureRelay(), measureParley()])
    : [await measureRelay(), await measureParley()];
  const [relayProcesses, relayOpen, relayPerSocket, relayHeld, relayHeldOpen] = relayFigures;
  row(
    "capacity",
    "idle sockets, relay (no database)",
    `${round(relayOpen, 0)} of ${round(sockets, 0)} open${over(relayProcesses)}`,
    memory(relayPerSocket, relayHeld, relayHeldOpen),
    "",
  );
  const [processes, open, perSocket, held, heldOpen, first, deliveryP50, slowest] = parleyFigures;
  row(
    "capacity",
    `idle signed-in sockets, ${kind}`,
    `${round(open, 0)} of ${round(sockets, 0)} open${over(processes)}`,
    memory(perSocket, held, heldOpen),
    `messages at the top${processes > 1 ? ", first process to last" : ""}: median ${
      round(deliveryP50, 1)
    } ms, first ${round(first, 1)} ms, slowest ${round(slowest, 1)} ms`,
  );
}
