/**
 * A share of the capacity run's idle sockets, held by a process of its own: no process here may
 * hold more sockets than the open-file limit (20,000) allows, so 100,000 take several.
 *
 *   deno run -A bench/capacity_clients.ts <share.json>
 *
 * `share.json` is a `Share`. The process opens its sockets, prints `opened <n>`, then takes one
 * command a line on stdin, answering on stdout:
 *   send <index> <frame>       sends the frame on socket <index>; answers `sent <epoch ms>`
 *   watch <index> <clientId>   answers `watching`, then `received:<clientId> <epoch ms>` when
 *                              that message arrives there (a socket watches for one at a time)
 *   count                      answers `open <n>`: how many of its sockets are open now
 *   close                      closes every socket and exits
 * Times are milliseconds since the epoch with a fraction (`performance.timeOrigin` based), so that
 * a send in one process and a receipt in another can be compared.
 */
import { readLines } from "./lines.ts";

/** Which sockets a process opens: global indexes `first` … `first + count - 1`. */
export interface Share {
  /** Socket i connects to `wsUrls[i % wsUrls.length]`. */
  wsUrls: string[];
  first: number;
  count: number;
  /** Parley: socket i signs in with `tokens[i % tokens.length]`. Absent: the relay's `?user=i+1`. */
  tokens?: string[];
  /** Sockets opening at once. */
  openingAtOnce: number;
}

const now = () => performance.timeOrigin + performance.now();

function connect(share: Share, i: number): WebSocket {
  const url = new URL(share.wsUrls[i % share.wsUrls.length]);
  if (!share.tokens) {
    url.searchParams.set("user", String(i + 1));
    return new WebSocket(url);
  }
  const headers = { cookie: `parley_session=${share.tokens[i % share.tokens.length]}` };
  return new WebSocket(url, { headers } as unknown as string[]);
}

/**
 * Opens the share, `openingAtOnce` at a time. It ends at the first socket that fails to open (the
 * open-file limit, or the server refusing more): the rest are not tried against a full server.
 */
async function open(share: Share): Promise<Map<number, WebSocket>> {
  const sockets = new Map<number, WebSocket>();
  let next = share.first;
  const end = share.first + share.count;
  let full = false;
  const opener = async () => {
    while (next < end && !full) {
      const i = next++;
      try {
        const socket = connect(share, i);
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onerror = reject;
        });
        sockets.set(i, socket);
      } catch {
        full = true;
      }
    }
  };
  await Promise.all(Array.from({ length: share.openingAtOnce }, opener));
  return sockets;
}

function answer(line: string): void {
  // deno-lint-ignore no-console
  console.log(line);
}

/** Carries out one command; returns false once told to close. */
function obey(sockets: Map<number, WebSocket>, command: string): boolean {
  const [verb, index, ...rest] = command.split(" ");
  switch (verb) {
    case "count": {
      const open = [...sockets.values()].filter((s) => s.readyState === WebSocket.OPEN).length;
      answer(`open ${open}`);
      return true;
    }
    case "close":
      for (const socket of sockets.values()) socket.close();
      return false;
    case "send":
      socketAt(sockets, index).send(rest.join(" "));
      answer(`sent ${now()}`);
      return true;
    case "watch": {
      const clientId = rest.join(" ");
      socketAt(sockets, index).onmessage = (event) => {
        const frame = JSON.parse(String(event.data));
        if (frame.event === "message.new" && frame.data?.clientId === clientId) {
          answer(`received:${clientId} ${now()}`);
        }
      };
      answer("watching");
      return true;
    }
    default:
      throw new Error(`Unknown command: ${command}`);
  }
}

function socketAt(sockets: Map<number, WebSocket>, index: string): WebSocket {
  const socket = sockets.get(Number(index));
  if (!socket) throw new Error(`No open socket ${index} in this share`);
  return socket;
}

if (import.meta.main) {
  const share: Share = JSON.parse(await Deno.readTextFile(Deno.args[0]));
  const sockets = await open(share);
  answer(`opened ${sockets.size}`);
  for await (const line of readLines(Deno.stdin.readable)) {
    if (!obey(sockets, line)) break;
  }
  Deno.exit(0);
}
