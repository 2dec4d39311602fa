/**
 * `deno task bench:compare <git ref>`: Parley's throughput and half-rate latency at `ref` and at
 * the working tree, measured in alternating rounds on the same machine, so that a change is
 * judged against the code before it under the same conditions. `ref` is checked out into a
 * temporary git worktree; each round runs `deno task bench --only=throughput --runs=1` in each.
 *
 *   deno task bench:compare <ref> [--rounds=3] [--db=pglite,postgres] [--pairs=50] [--seconds=5]
 */
import { parseArgs } from "node:util";
import { median, round } from "./stats.ts";

const { values: args, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "3" },
    db: { type: "string" },
    pairs: { type: "string" },
    seconds: { type: "string" },
  },
});
const ref = positionals[0];
if (!ref) throw new Error("Name the git ref to compare with: deno task bench:compare <ref>");

/** Figures of one target in one round: max msg/s, half rate's p50, p95, p99 in ms. */
type Figures = [max: number, p50: number, p95: number, p99: number];

async function run(command: string[], cwd: string, quiet = false): Promise<string> {
  const output = await new Deno.Command(command[0], {
    args: command.slice(1),
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  if (!output.success) throw new Error(`${command.join(" ")} failed in ${cwd}:\n${text}`);
  if (!quiet) await Deno.stderr.write(new TextEncoder().encode(text));
  return text;
}

/** The "Parley on <db>" rows of a bench table, by database. */
function parleyRows(table: string): Map<string, Figures> {
  const rows = new Map<string, Figures>();
  const number = (text: string) => Number(text.replaceAll(",", ""));
  const pattern =
    /^\s*throughput \| Parley on (\w+) \| ([\d,.]+) msg\/s max \| half rate [\d,.]+ msg\/s: p50 ([\d,.]+) ms, p95 ([\d,.]+) ms, p99 ([\d,.]+) ms/gm;
  for (const match of table.matchAll(pattern)) {
    rows.set(match[1], [match[2], match[3], match[4], match[5]].map(number) as Figures);
  }
  return rows;
}

const here = Deno.cwd();
const there = await Deno.makeTempDir({ prefix: "parley-compare-" });
await run(["git", "worktree", "add", "--detach", there, ref], here, true);
const benchArgs = ["task", "bench", "--only=throughput", "--runs=1"];
if (args.db) benchArgs.push(`--db=${args.db}`);
if (args.pairs) benchArgs.push(`--pairs=${args.pairs}`);
if (args.seconds) benchArgs.push(`--seconds=${args.seconds}`);
const results: Record<"before" | "after", Map<string, Figures>[]> = { before: [], after: [] };
try {
  for (const cwd of [there, here]) await run([Deno.execPath(), "task", "build"], cwd, true);
  for (let i = 0; i < Number(args.rounds); i++) {
    for (const [side, cwd] of [["before", there], ["after", here]] as const) {
      // deno-lint-ignore no-console
      console.error(`round ${i + 1}: ${side} (${side === "before" ? ref : "working tree"})`);
      results[side].push(parleyRows(await run([Deno.execPath(), ...benchArgs], cwd)));
    }
  }
} finally {
  await run(["git", "worktree", "remove", "--force", there], here, true);
}

const lines = [`Parley at ${ref} (before) and the working tree (after), median of each side`, ""];
lines.push("| database | side | max msg/s | half rate p50 ms | p95 ms | p99 ms |");
lines.push("|---|---|---|---|---|---|");
for (const db of results.after[0]?.keys() ?? []) {
  const medians = {} as Record<"before" | "after", number[]>;
  for (const side of ["before", "after"] as const) {
    const rounds = results[side].map((rows) => rows.get(db)!).filter(Boolean);
    medians[side] = [0, 1, 2, 3].map((c) => median(rounds.map((figures) => figures[c])));
    lines.push(
      `| ${db} | ${side} | ${medians[side].map((v, c) => round(v, c === 0 ? 0 : 2)).join(" | ")} |`,
    );
  }
  const change = medians.after.map((v, c) => round((v / medians.before[c] - 1) * 100, 1) + "%");
  lines.push(`| ${db} | change | ${change.join(" | ")} |`);
}
// deno-lint-ignore no-console
console.log(lines.join("\n"));
