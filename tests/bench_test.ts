/**
 * The benchmark harness in its quick form, so that it cannot rot. It checks that every figure
 * is measured and printed; the figures themselves are not judged here.
 */
import assert from "node:assert/strict";
import { capacity } from "../bench/capacity.ts";
import { DB_KINDS } from "./helpers/db.ts";

/**
 * The quick run measures on one database: PostgreSQL when there is one, its databases being made
 * in a moment where each PGlite costs seconds to create and start. The bench's PGlite paths are the
 * same code as the rest of Parley's, which every other test runs on both.
 */
const kind = DB_KINDS.includes("postgres") ? "postgres" : "pglite";

Deno.test({
  name: "deno task bench --quick measures and prints every figure",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "bench/run.ts",
        "--quick",
        `--db=${kind}`,
        "--sockets=50",
        "--messages=2000",
        "--seconds=0.2",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const output = new TextDecoder().decode(stdout);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    for (
      const label of [
        "relay (no database)",
        `Parley on ${kind}`,
        `the store path alone, no sockets, ${kind}`,
        `relaying and storing each message, ${kind}`,
        `GET /im, 100 chats, ${kind}`,
        `latest 50 of 2,000 messages, ${kind}`,
        "JavaScript loaded by /im",
        `a 5 MiB upload in one request, then 8 MiB ranges of it, ${kind}`,
        "JPEG's thumbnail and placeholder, in a worker",
        `idle signed-in sockets, ${kind}`,
        "idle sockets, relay (no database)",
        `Parley on ${kind}, sent at twice the maximum`,
      ]
    ) {
      assert.ok(output.includes(label), `${label} in:\n${output}`);
    }
    assert.match(output, /50 of 50 open/);
    assert.match(
      output,
      new RegExp(
        String
          .raw`GET \/admin, 2,000 accounts, 20,000 messages, ${kind} +p50 [\d.,]+ ms, p99 [\d.,]+ ms +first count of it all: [\d.,]+ s +count of a minute's 6,000 messages: [\d,]+ ms`,
      ),
    );
    assert.match(
      output,
      new RegExp(
        String
          .raw`one word, 20,000 messages in 10,000 chats, searcher in 200, ${kind} +p50 [\d.,]+ ms, p99 [\d.,]+ ms +indexes built [\d.,]+ s after start +sends meanwhile: p50 [\d.,]+ ms, p99 [\d.,]+ ms`,
      ),
    );
    assert.match(
      output,
      new RegExp(
        String
          .raw`messages at 500 msg\/s while 20 wrong sign-ins\/s arrive, ${kind} +alone p50 [\d.,]+ ms, p99 [\d.,]+ ms +flooded p50 [\d.,]+ ms, p99 [\d.,]+ ms +sign-ins answered \d+ × (401|503)`,
      ),
    );
    // The sections of a smoke run share the machine: a starved 0.2 s run may measure no maximum
    // ("—"), and latencies may pass a second ("1,094.87"). At twice the maximum an accepted message
    // may take longer than the 0.2 s window, so none may land within it (goodput 0): that accepted
    // ones were delivered shows in their latency, a number only when there are some.
    assert.match(
      output,
      new RegExp(
        String
          .raw`Parley on ${kind}, sent at twice the maximum +goodput [\d,]+ msg\/s \(([\d.,]+|—)% of max\) +refused [\d,]+ msg\/s; accepted p50 [\d.,]+ ms, p99 [\d.,]+ ms`,
      ),
    );
    assert.match(output, /KiB 2 s after the ramp, [\d.]+ KiB held 1 s \(50 still open\)/);
    for (const target of ["relay \\(no database\\)", `Parley on ${kind}`]) {
      assert.match(
        output,
        new RegExp(
          `${target}, a group of 50 on a socket each +one message, to the last member: ` +
            `p50 [\\d.]+ ms, p99 [\\d.]+ ms +5 msg/s: [1-9][\\d,]* pushes/s, p50 [\\d.]+ ms`,
        ),
      );
    }
    assert.match(
      output,
      new RegExp(String.raw`GET \/im in 5 groups of 50, ${kind} +one at a time: p50 [\d.]+ ms`),
    );
    const targets = [
      "relay \\(no database\\)",
      `relay storing each message \\(${kind}, bare INSERT\\)`,
      `Parley on ${kind}`,
    ];
    // Every load delivered what it sent: a broken harness measures nothing and prints zeros, or a
    // dash for a latency with no samples (the lead-in's included).
    for (const target of targets) {
      assert.match(
        output,
        new RegExp(
          `${target} +[1-9][\\d,]* msg/s max +half rate [1-9][\\d,]* msg/s: p50 [\\d.]+ ms, ` +
            `p95 [\\d.]+ ms, p99 [\\d.]+ ms \\(first [\\d.]+ s after the maximum: p50 [\\d.]+, p99 [\\d.]+\\)`,
        ),
      );
    }
  },
});

Deno.test({
  name: "the capacity run spreads sockets over processes and a message crosses from the first",
  ignore: Deno.build.os !== "linux" || !DB_KINDS.includes("postgres"),
  async fn() {
    const figures = await capacity("postgres", {
      sockets: 40,
      addresses: 2,
      perProcess: 15,
      holdSeconds: 6,
    });
    assert.equal(figures.processes, 3);
    assert.equal(figures.open, 40);
    assert.equal(figures.heldOpen, 40);
    assert.ok(figures.rssPerSocketBytes > 0, `${figures.rssPerSocketBytes} bytes per socket`);
    // Forty sockets are too few for their memory to outweigh a collection's: any figure will do.
    assert.ok(Number.isFinite(figures.heldRssPerSocketBytes));
    assert.equal(figures.deliveriesMs.length, 5);
    for (const ms of figures.deliveriesMs) assert.ok(ms > 0 && ms < 10_000, `${ms} ms`);
  },
});
