/**
 * A start that cannot succeed says why in one line naming the setting and the fix, without a
 * stack trace, and exits with 1.
 */
import assert from "node:assert/strict";
import { startFlags } from "./helpers/process.ts";

/** Runs `main.ts` with `env` until it exits; what it printed and its exit code. */
async function failedStart(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const dataDir = await Deno.makeTempDir({ prefix: "parley-start-" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...await startFlags(), "main.ts"],
      env: { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_DATA: "false", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

function assertOneClearLine(output: string, pattern: RegExp) {
  assert.match(output, pattern);
  assert.doesNotMatch(output, /\n\s+at /, "no stack trace");
  assert.equal(output.trim().split("\n").filter((line) => /ERROR|error/.test(line)).length, 1);
}

/** A local port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("a database server that never answers is named, after the connect timeout", async () => {
  const { code, output } = await failedStart({
    DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${closedPort()}/parley`,
    DB_CONNECT_TIMEOUT_SECONDS: "1",
  });
  assert.equal(code, 1);
  assertOneClearLine(
    output,
    /Cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/parley \(DATABASE_URL\) within 1 s \(DB_CONNECT_TIMEOUT_SECONDS\)/,
  );
  assert.doesNotMatch(output, /secret/, "the password is not printed");
});

Deno.test("a port in use is named", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = String((listener.addr as Deno.NetAddr).port);
    const { code, output } = await failedStart({ PORT: port, DATABASE_URL: "" });
    assert.equal(code, 1);
    assertOneClearLine(
      output,
      new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use \\(PORT, HOST\\)`),
    );
  } finally {
    listener.close();
  }
});

Deno.test("a data folder that cannot be made is named", async () => {
  const file = await Deno.makeTempFile({ prefix: "parley-not-a-folder-" });
  try {
    const { code, output } = await failedStart({ DATA_DIR: file, DATABASE_URL: "" });
    assert.equal(code, 1);
    assertOneClearLine(output, /The data folder .* \(DATA_DIR\) cannot be written/);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test({
  name: "a data folder other users may write is refused, named, with the fix",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "parley-open-folder-" });
    try {
      await Deno.chmod(dir, 0o777);
      const { code, output } = await failedStart({ DATA_DIR: dir, DATABASE_URL: "" });
      assert.equal(code, 1);
      assertOneClearLine(
        output,
        /The data folder .* \(DATA_DIR\) is writable by other users: make it Parley's alone \(chmod 700 /,
      );
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing written into it");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a database that does not exist is named, with how to create it",
  ignore: !Deno.env.get("DATABASE_URL"),
  async fn() {
    const url = new URL(Deno.env.get("DATABASE_URL")!);
    url.pathname = "/parley_missing_database";
    const { code, output } = await failedStart({ DATABASE_URL: url.href });
    assert.equal(code, 1);
    assertOneClearLine(
      output,
      /The database in DATABASE_URL \(.*\/parley_missing_database\) does not exist: create it \(createdb parley_missing_database\)/,
    );
  },
});
