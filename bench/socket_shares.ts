/**
 * The capacity run's client side: idle sockets split into shares, each held by a process of its
 * own (`capacity_clients.ts`), because no process here may hold more than the open-file limit.
 */
import type { Share } from "./capacity_clients.ts";
import { readLines } from "./lines.ts";

/** A process holding one share of the sockets. */
export interface ShareProcess {
  /** The sockets it opened. */
  opened: number;
  /** How many of its sockets are open now. */
  countOpen(): Promise<number>;
  /** Sends `frame` on socket `index`; resolves to the epoch time of the send. */
  send(index: number, frame: string): Promise<number>;
  /**
   * Watches socket `index` for the message `clientId`; resolves once watching, to the epoch time
   * at which the message arrives.
   */
  watch(index: number, clientId: string): Promise<{ arrival: Promise<number> }>;
  close(): Promise<void>;
}

/** The hard limit on open files of a process started here. */
export async function openFileLimit(): Promise<number> {
  const { stdout } = await new Deno.Command("bash", { args: ["-c", "ulimit -Hn"] }).output();
  const text = new TextDecoder().decode(stdout).trim();
  return text === "unlimited" ? Infinity : Number(text);
}

/** Starts a process that opens `share`; resolves once it has opened what it could. */
export async function openShare(share: Share): Promise<ShareProcess> {
  const file = await Deno.makeTempFile({ prefix: "parley-share-", suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(share));
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      `ulimit -n $(ulimit -Hn); exec "$0" "$@"`,
      Deno.execPath(),
      "run",
      "-A",
      new URL("./capacity_clients.ts", import.meta.url).pathname,
      file,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  // Each answer goes to the first caller waiting for its word: a receipt may come while a send
  // is being answered.
  const waiting = new Map<string, PromiseWithResolvers<number>[]>();
  const expect = (word: string) => {
    const waiter = Promise.withResolvers<number>();
    waiting.set(word, [...(waiting.get(word) ?? []), waiter]);
    return waiter.promise;
  };
  const reading = (async () => {
    for await (const line of readLines(child.stdout)) {
      const [word, figure] = line.split(" ");
      waiting.get(word)?.shift()?.resolve(Number(figure));
    }
    const ended = new Error("The share process ended");
    for (const waiters of waiting.values()) waiters.forEach((w) => w.reject(ended));
  })();
  reading.catch(() => {}); // a broken pipe fails the waiters' calls instead
  const command = (line: string) => writer.write(new TextEncoder().encode(`${line}\n`));
  try {
    const opened = await expect("opened");
    return {
      opened,
      async countOpen() {
        const open = expect("open");
        await command("count");
        return await open;
      },
      async send(index, frame) {
        const sent = expect("sent");
        await command(`send ${index} ${frame}`);
        return await sent;
      },
      async watch(index, clientId) {
        const watching = expect("watching");
        const arrival = expect(`received:${clientId}`);
        await command(`watch ${index} ${clientId}`);
        await watching;
        return { arrival };
      },
      async close() {
        await command("close").catch(() => {});
        await writer.close().catch(() => {});
        await child.status;
        await Deno.remove(file);
      },
    };
  } catch (error) {
    child.kill();
    await child.status;
    await Deno.remove(file);
    throw error;
  }
}
