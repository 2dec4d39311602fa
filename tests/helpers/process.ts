/** Parley as a separate process (`main.ts`), for tests of what only a real process shows. */

/** A running `main.ts`. */
export interface ServerProcess extends AsyncDisposable {
  url: URL;
  wsUrl: URL;
  /** Sends SIGTERM and waits for the exit; returns the exit code and everything it printed. */
  stop(): Promise<{ code: number; output: string }>;
}

/**
 * The flags `deno task start` runs `main.ts` with (its permissions, and V8's), read from
 * `deno.json`: a process started by a test gets no more than the README's start command does.
 */
export async function startFlags(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const run = (config.tasks.start as string).match(/deno run (.*) main\.ts$/)?.[1];
  if (!run) throw new Error("deno.json's start task does not end with `deno run … main.ts`");
  return run.split(/\s+/);
}

/** Starts `main.ts` on a free port with `env` added to this process's environment. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await Deno.makeTempDir({ prefix: "parley-process-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...await startFlags(), "main.ts"],
    env: { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const errors = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  let address: string | undefined;
  while (!address) {
    const { value, done } = await lines.read();
    if (done) break;
    output += value;
    address = output.match(/Parley is listening on (http:\/\/\S+)/)?.[1];
  }
  if (!address) {
    throw new Error(`main.ts did not start:\n${output}\n${await errors}`);
  }
  const url = new URL(address);
  const wsUrl = new URL("/ws", url);
  wsUrl.protocol = "ws:";

  let stopped: Promise<{ code: number; output: string }> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      child.kill("SIGTERM");
      const { code } = await child.status;
      for (;;) {
        const { value, done } = await lines.read();
        if (done) break;
        output += value;
      }
      await errors;
      await Deno.remove(dataDir, { recursive: true });
      return { code, output };
    })();
  return { url, wsUrl, stop, [Symbol.asyncDispose]: async () => void await stop() };
}
