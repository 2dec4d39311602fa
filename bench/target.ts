/**
 * What the load generator runs against, each in a process of its own: Parley (`main.ts`) on a
 * database, or the bare relay. Both listen on every loopback address, so connections can be
 * spread over 127.0.0.x and not run out of ports.
 */
import { cp } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { openDatabase } from "../db/mod.ts";
import type { Db } from "../db/mod.ts";
import { startFlags } from "../tests/helpers/process.ts";
import { BENCH_SECRET } from "./seed.ts";

export type DbKind = "pglite" | "postgres";

export interface Target {
  name: string;
  url: URL;
  /** `ws://127.0.0.n:port/ws` for n = 1…`addresses`. */
  wsUrls: URL[];
  pid: number;
  rssBytes(): Promise<number>;
  /** Resolves once the process has printed a line matching `pattern`. */
  printed(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

/** A database to seed and then serve from; `env` is what the server needs to find it. */
export interface BenchDatabase {
  kind: DbKind;
  env: Record<string, string>;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

let pgliteTemplate: Promise<string> | undefined;

/**
 * A folder holding a freshly migrated PGlite database, made once per run and copied for each fresh
 * database: creating the cluster is most of what opening a new PGlite costs.
 */
function freshPglite(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "parley-bench-template-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dataDir, { recursive: true }));
    await (await openDatabase({ dataDir })).close();
    return dataDir;
  })();
  return pgliteTemplate;
}

/** A fresh PGlite folder, or a fresh PostgreSQL database next to `DATABASE_URL`'s. */
export async function benchDatabase(kind: DbKind): Promise<BenchDatabase> {
  if (kind === "pglite") {
    const template = await freshPglite();
    const dataDir = await Deno.makeTempDir({ prefix: "parley-bench-" });
    await cp(join(template, "pglite"), join(dataDir, "pglite"), { recursive: true });
    return {
      kind,
      env: { DATA_DIR: dataDir, DATABASE_URL: "" },
      open: () => openDatabase({ dataDir }),
      drop: () => Deno.remove(dataDir, { recursive: true }),
    };
  }
  const base = Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
  // Sections of a quick run create theirs at the same moment.
  const name = `parley_bench_${Date.now()}_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const dataDir = await Deno.makeTempDir({ prefix: "parley-bench-" });
  return {
    kind,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.href },
    open: () => openDatabase({ databaseUrl: url.href, dataDir }),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** Starts `args` under bash with the open-file limit raised, waiting for `ready` in its output. */
async function spawn(
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  addresses: number,
): Promise<Target> {
  const command = `ulimit -n 1048576 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" "$@"`;
  const child = new Deno.Command("bash", {
    args: ["-c", command, Deno.execPath(), ...args],
    env: { PORT: "0", HOST: "0.0.0.0", LOG_LEVEL: "info", ...env },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  let port: string | undefined;
  while (!port) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${name} did not start:\n${output}`);
    output += value;
    port = output.match(ready)?.[1];
  }
  // Keep reading, or a full pipe would stall the server; kept for `printed`.
  const waiting: { pattern: RegExp; found: () => void }[] = [];
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      output = (output + value).slice(-1_000_000);
      for (const waiter of waiting.filter((w) => w.pattern.test(output))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.found();
      }
    }
  })();
  // Opened now: at the top of a capacity ramp the bench has no file descriptor left to open it.
  const status = await Deno.open(`/proc/${child.pid}/status`);
  const url = new URL(`http://127.0.0.1:${port}/`);
  const wsUrls = Array.from(
    { length: addresses },
    (_, i) => new URL(`ws://127.0.0.${i + 1}:${port}/ws`),
  );
  return {
    name,
    url,
    wsUrls,
    pid: child.pid,
    async rssBytes() {
      const buffer = new Uint8Array(16_384);
      await status.seek(0, Deno.SeekMode.Start);
      const read = await status.read(buffer) ?? 0;
      const text = new TextDecoder().decode(buffer.subarray(0, read));
      return Number(text.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
    },
    printed: (pattern) =>
      pattern.test(output)
        ? Promise.resolve()
        : new Promise((found) => waiting.push({ pattern, found })),
    async stop() {
      status.close();
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

let profileDir: string | undefined;

/** Makes every Parley started from now on write a V8 CPU profile into `dir` when it stops. */
export function profileInto(dir: string): void {
  profileDir = dir;
}

/** Parley on `db`, with the bench secret so that seeded tokens are valid. */
export async function startParley(
  db: BenchDatabase,
  addresses = 1,
  env: Record<string, string> = {},
): Promise<Target> {
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  return await spawn(
    `parley (${db.kind})`,
    // As `deno task start` runs it: what is measured is what an installation runs.
    ["run", ...await startFlags(), ...profile, "main.ts"],
    {
      ...db.env,
      SECRET: BENCH_SECRET,
      DEMO_DATA: "false",
      PARLEY_ENV: "production",
      LOG_LEVEL: "info",
      ...env,
    },
    /Parley is listening on http:\/\/[^:]+:(\d+)/,
    addresses,
  );
}

/** The relay: the same traffic with no database, or storing each message in `db`. */
export function startRelay(addresses = 1, db?: BenchDatabase): Promise<Target> {
  return spawn(
    db ? `relay storing in ${db.kind}` : "relay",
    ["run", "-A", "bench/relay.ts"],
    db ? { ...db.env, RELAY_STORE: "1" } : {},
    /Relay listening on (\d+)/,
    addresses,
  );
}
