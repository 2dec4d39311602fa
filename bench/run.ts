/**
 * `deno task bench`: every figure with its median over runs, Parley beside the bare relay, on
 * PGlite and (when it answers) PostgreSQL. `--quick` is a small smoke run the tests use.
 *
 *   deno task bench [--quick] [--runs=3] [--pairs=50] [--seconds=5] [--sockets=100000]
 *                   [--only=throughput,flood,store,pages,history,fanout,files,admin,search,weight,capacity]
 *                   [--db=pglite,postgres]
 *                   [--per-process=N] (sockets a server process may hold; default: the open-file
 *                                      limit less 1,000, so a larger target takes more processes)
 *                   [--hold=60]       (seconds the sockets are held idle after the ramp)
 *                   [--profile=DIR]   (Parley writes a CPU profile per run into DIR)
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { adminSection } from "./admin_section.ts";
import { capacitySection } from "./capacity_section.ts";
import { searchSection } from "./search_section.ts";
import { fanoutSection } from "./fanout_section.ts";
import { filesSection } from "./files_section.ts";
import { floodLatency } from "./flood.ts";
import { historySpeed } from "./history.ts";
import { pageSpeed } from "./pages.ts";
import { storeSpeed } from "./store.ts";
import { median, round } from "./stats.ts";
import { type DbKind, profileInto } from "./target.ts";
import {
  durableRelayThroughput,
  parleyThroughput,
  relayThroughput,
  type ThroughputFigures,
} from "./throughput.ts";
import { pageWeight } from "./weight.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    pairs: { type: "string" },
    seconds: { type: "string" },
    sockets: { type: "string" },
    "per-process": { type: "string" },
    hold: { type: "string" },
    messages: { type: "string" },
    only: { type: "string" },
    db: { type: "string" },
    profile: { type: "string" },
  },
});
const quick = args.quick;
const runs = Number(args.runs ?? (quick ? 1 : 3));
const pairs = Number(args.pairs ?? (quick ? 4 : 50));
const seconds = Number(args.seconds ?? (quick ? 1 : 5));
const sockets = Number(args.sockets ?? (quick ? 200 : 100_000));
const perProcess = args["per-process"] ? Number(args["per-process"]) : undefined;
const holdSeconds = Number(args.hold ?? (quick ? 1 : 60));
const historyMessages = Number(args.messages ?? (quick ? 10_000 : 1_000_000));
if (args.profile) profileInto(args.profile);
const only = new Set(
  (args.only ?? "throughput,flood,store,pages,history,fanout,files,admin,search,weight,capacity")
    .split(","),
);

async function postgresAnswers(): Promise<boolean> {
  const sql = postgres(
    Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres",
    {
      max: 1,
      connect_timeout: 2,
      onnotice: () => {},
    },
  );
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const kinds: DbKind[] = args.db
  ? args.db.split(",") as DbKind[]
  : (await postgresAnswers() ? ["postgres", "pglite"] : ["pglite"]);

/** Adds one row of figures to a section's table. */
type Row = (...cells: string[]) => void;

async function medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure());
  const columns = pick(results[0]).length;
  return Array.from({ length: columns }, (_, c) => median(results.map((r) => pick(r)[c])));
}

// The lead-in was chosen from per-batch timings on PGlite: after the maximum run, its batches took
// two to three seconds to shrink to what the half rate alone makes of them.
const throughputOptions = {
  pairs,
  seconds,
  window: 16,
  leadInSeconds: quick ? Math.min(0.5, seconds) : 3,
};

const throughputColumns = (t: ThroughputFigures) => [
  t.maxPerSecond,
  t.halfRate.perSecond,
  t.halfRate.p50,
  t.halfRate.p95,
  t.halfRate.p99,
  t.halfRate.leadIn.p50,
  t.halfRate.leadIn.p99,
];

/**
 * One throughput row: the maximum, then the latency at half of it (and in the lead-in to it, right
 * after the maximum run), then `comparison`.
 */
function throughputRow(row: Row, target: string, figures: number[], comparison = ""): void {
  const [max, half, p50, p95, p99, leadInP50, leadInP99] = figures;
  row(
    "throughput",
    target,
    `${round(max, 0)} msg/s max`,
    `half rate ${round(half, 0)} msg/s: p50 ${round(p50, 2)} ms, p95 ${round(p95, 2)} ms, p99 ${
      round(p99, 2)
    } ms (first ${throughputOptions.leadInSeconds} s after the maximum: p50 ${
      round(leadInP50, 2)
    }, p99 ${round(leadInP99, 2)})`,
    comparison,
  );
}

/** Medians of the maximum rates, by target ("relay", a database kind, `storing(kind)`). */
const maxima: Record<string, number> = {};

/** The relay that stores each message in a database of `kind`, as a target's name. */
const storing = (kind: DbKind) => `storing ${kind}`;

/**
 * What a messenger that commits each message could reach here if its only costs were the relay's
 * and the bare INSERT's, paid one after the other on the same two cores: 1 / (1/relay + 1/insert).
 * Below half the relay whenever the database stores rows more slowly than the relay forwards them.
 */
function ceilingRow(row: Row, kind: DbKind, bareInsert: number): void {
  const ceiling = 1 / (1 / maxima.relay + 1 / bareInsert);
  row(
    "ceiling",
    `relaying and storing each message, ${kind}`,
    `${round(ceiling, 0)} msg/s (1 / (1/relay + 1/bare INSERT))`,
    `${round((ceiling / maxima.relay) * 100, 1)}% of relay`,
    `the storing relay ${round((maxima[storing(kind)] / ceiling) * 100, 1)}% of it, Parley ${
      round((maxima[kind] / ceiling) * 100, 1)
    }% of it`,
  );
}

/**
 * The sections, in the order their rows are printed. The store section's ceiling row uses the
 * throughput section's maxima, so it waits for them when both run.
 */
const throughputDone = Promise.withResolvers<void>();
if (!only.has("throughput")) throughputDone.resolve();
const sections: Record<string, (row: Row) => Promise<void>> = {
  throughput: async (row) => {
    // Each round measures every target within a few minutes, and the ratios are taken within a
    // round: this machine's speed drifts by a third over minutes, which would otherwise decide them.
    const rounds: Record<string, ThroughputFigures>[] = [];
    for (let i = 0; i < runs; i++) {
      const measured: Record<string, ThroughputFigures> = {};
      measured.relay = await relayThroughput(throughputOptions);
      for (const kind of kinds) {
        measured[kind] = await parleyThroughput(kind, throughputOptions);
        measured[storing(kind)] = await durableRelayThroughput(
          kind,
          throughputOptions,
          measured[kind].halfRate.perSecond,
        );
      }
      rounds.push(measured);
    }
    const figures = (target: string) => {
      const columns = rounds.map((measured) => throughputColumns(measured[target]));
      const medians = columns[0].map((_, c) => median(columns.map((column) => column[c])));
      maxima[target] = medians[0];
      return medians;
    };
    const percentOf = (target: string, base: string) =>
      round(median(rounds.map((r) => r[target].maxPerSecond / r[base].maxPerSecond)) * 100, 1);
    throughputRow(row, "relay (no database)", figures("relay"));
    for (const kind of kinds) {
      // None when Parley stored nothing in its run (a starved smoke run): no rate to compare at.
      const atRate = rounds.flatMap((r) => r[storing(kind)].atRate ?? []);
      throughputRow(
        row,
        `relay storing each message (${kind}, bare INSERT)`,
        figures(storing(kind)),
        `${percentOf(storing(kind), "relay")}% of relay; at Parley's half rate (${
          round(median(atRate.map((l) => l.perSecond)), 0)
        } msg/s): p50 ${round(median(atRate.map((l) => l.p50)), 2)} ms, p99 ${
          round(median(atRate.map((l) => l.p99)), 2)
        } ms`,
      );
      throughputRow(
        row,
        `Parley on ${kind}`,
        figures(kind),
        `${percentOf(kind, "relay")}% of relay, ${
          percentOf(kind, storing(kind))
        }% of the storing relay`,
      );
      const overloads = rounds.map((r) => r[kind].overload!);
      const goodput = median(overloads.map((o) => o.perSecond));
      row(
        "overload",
        `Parley on ${kind}, sent at twice the maximum`,
        `goodput ${round(goodput, 0)} msg/s (${round((goodput / maxima[kind]) * 100, 1)}% of max)`,
        `refused ${
          round(median(overloads.map((o) => o.refusedPerSecond)), 0)
        } msg/s; accepted p50 ${round(median(overloads.map((o) => o.p50)), 2)} ms, p99 ${
          round(median(overloads.map((o) => o.p99)), 2)
        } ms`,
        "",
      );
    }
    throughputDone.resolve();
  },
  flood: async (row) => {
    const kind = kinds[0];
    // About a thousand a minute: what one address could send before sign-ins were bounded.
    const signIns = quick ? 20 : 17;
    const flooded = await floodLatency(kind, {
      pairs,
      seconds,
      rate: 500,
      signInsPerSecond: signIns,
    });
    const answered = Object.entries(flooded.answers).map(([status, n]) => `${n} × ${status}`);
    row(
      "flood",
      `messages at 500 msg/s while ${signIns} wrong sign-ins/s arrive, ${kind}`,
      `alone p50 ${round(flooded.idle.p50, 2)} ms, p99 ${round(flooded.idle.p99, 2)} ms`,
      `flooded p50 ${round(flooded.flooded.p50, 2)} ms, p99 ${round(flooded.flooded.p99, 2)} ms`,
      `sign-ins answered ${answered.join(", ")}`,
    );
  },
  store: async (row) => {
    for (const kind of kinds) {
      const [storePath, bareInsert] = await medianOf(
        () => storeSpeed(kind, { pairs, seconds }),
        (s) => [s.storePath, s.bareInsert],
      );
      row(
        "store",
        `the store path alone, no sockets, ${kind}`,
        `${round(storePath, 0)} msg/s`,
        `a bare INSERT of the same rows: ${round(bareInsert, 0)} rows/s`,
        "",
      );
      await throughputDone.promise;
      if (maxima.relay && maxima[kind] !== undefined) ceilingRow(row, kind, bareInsert);
    }
  },

  pages: async (row) => {
    for (const kind of kinds) {
      const [rps, p50, p99, aloneP50, aloneP99] = await medianOf(
        () => pageSpeed(kind, { chats: 100, seconds, concurrency: 4 }),
        (p) => [p.perSecond, p.p50, p.p99, p.alone.p50, p.alone.p99],
      );
      row(
        "pages",
        `GET /im, 100 chats, ${kind}`,
        `one at a time: p50 ${round(aloneP50, 2)} ms, p99 ${round(aloneP99, 2)} ms`,
        `4 at a time: ${round(rps, 0)} req/s, p50 ${round(p50, 2)} ms, p99 ${round(p99, 2)} ms`,
        "",
      );
    }
  },
  history: async (row) => {
    for (const kind of kinds) {
      const [p50, p99] = await medianOf(
        () => historySpeed(kind, { messages: historyMessages, requests: quick ? 20 : 200 }),
        (h) => [h.p50, h.p99],
      );
      row(
        "history",
        `latest 50 of ${round(historyMessages, 0)} messages, ${kind}`,
        `p50 ${round(p50, 2)} ms`,
        `p99 ${round(p99, 2)} ms`,
        "",
      );
    }
  },
  fanout: async (row) => {
    // Its thousand sockets' traffic would take the throughput figures' cores from under them.
    await throughputDone.promise;
    await fanoutSection(row, { kinds, quick, seconds, medianOf });
  },
  admin: async (row) => {
    // Its seeding would take the throughput figures' cores from under them.
    await throughputDone.promise;
    await adminSection(row, { kinds, quick, medianOf });
  },
  search: async (row) => {
    // Its seeding would take the throughput figures' cores from under them.
    await throughputDone.promise;
    await searchSection(row, { kinds, quick, medianOf });
  },
  files: async (row) => {
    // Its uploads and decoding would take the throughput figures' cores from under them.
    await throughputDone.promise;
    await filesSection(row, { kinds, quick, medianOf });
  },
  weight: async (row) => {
    const weight = await pageWeight(kinds[0]);
    row(
      "weight",
      "JavaScript loaded by /im",
      `${round(weight.gzipBytes / 1024, 1)} KiB gzip`,
      `${weight.files} files, ${round(weight.rawBytes / 1024, 1)} KiB raw`,
      "",
    );
  },
  capacity: (row) =>
    capacitySection(row, { kinds, quick, medianOf, sockets, perProcess, holdSeconds }),
};

const selected = Object.keys(sections).filter((name) => only.has(name));
const rowsOf = new Map(selected.map((name) => [name, [] as string[][]]));
const runSection = (name: string) =>
  sections[name]((...cells) => {
    rowsOf.get(name)!.push(cells);
    // deno-lint-ignore no-console
    console.error(`  ${cells.join(" | ")}`);
  });
// Quick, the throughput section runs alone, its runs being the shortest and the most easily
// starved, and then the others at once: most of their time is waiting (runs of a set length,
// pauses for memory to settle), and a smoke run's figures are not read. Otherwise one after
// another, so that none disturbs another's figures.
if (quick) {
  if (selected.includes("throughput")) await runSection("throughput");
  await Promise.all(selected.filter((name) => name !== "throughput").map(runSection));
} else {
  for (const name of selected) await runSection(name);
}
const rows = selected.flatMap((name) => rowsOf.get(name)!);

const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => r[c].length))) ?? [];
const line = (cells: string[]) =>
  cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
// deno-lint-ignore no-console
console.log(`\nParley benchmarks — median of ${runs} run(s), ${pairs} pairs, ${seconds} s each\n`);
// deno-lint-ignore no-console
for (const r of rows) console.log(line(r));
