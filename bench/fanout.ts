/**
 * Groups: one message to a group whose members each hold one open socket, and a steady rate of
 * messages into it; beside them the relay forwarding the same messages to the same sockets. And
 * `GET /im` for a user in many large groups.
 */
import { percentile } from "./stats.ts";
import { type BenchUser, seedGroup, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley, startRelay, type Target } from "./target.ts";

export interface FanoutOptions {
  members: number;
  /** Messages sent one at a time, each after the one before reached everyone. */
  singles: number;
  /** Messages per second into the group for the steady figure, and for how long. */
  rate: number;
  seconds: number;
}

/** Latencies from a send to each member's receipt, and what a message took to reach the last. */
export interface FanoutFigures {
  /** One message at a time: to the last member, p50 and p99 over the messages. */
  single: { lastP50: number; lastP99: number };
  /** At the steady rate: every delivery's latency, and pushes received per second. */
  steady: { p50: number; p99: number; pushesPerSecond: number };
}

/** Sockets of `members`, each telling when `f<n>` arrived. */
async function listen(target: Target, members: BenchUser[], relay: boolean) {
  const arrivals = new Map<number, number[]>();
  const sockets = await Promise.all(members.map(async (member, i) => {
    const url = new URL(target.wsUrls[i % target.wsUrls.length]);
    if (relay) url.searchParams.set("user", String(member.id));
    const headers = relay ? {} : { cookie: `parley_session=${member.token}` };
    const socket = new WebSocket(url, { headers } as unknown as string[]);
    socket.onmessage = (event) => {
      const now = performance.now();
      // Read without parsing the whole frame: the bench receives as many frames as the server sends.
      const match = /"content":"f(\d+)"/.exec(String(event.data));
      if (match && String(event.data).startsWith('{"event"')) {
        const n = Number(match[1]);
        const list = arrivals.get(n) ?? [];
        list.push(now);
        arrivals.set(n, list);
      }
    };
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    return socket;
  }));
  return { sockets, arrivals };
}

/** Measures fan-out to `members` (the first one sends) on `target`. */
async function measure(
  target: Target,
  chatId: number,
  members: BenchUser[],
  options: FanoutOptions,
  relay: boolean,
): Promise<FanoutFigures> {
  const [sender, ...receivers] = members;
  const { sockets, arrivals } = await listen(target, members, relay);
  const senderSocket = sockets[0];
  const sentAt = new Map<number, number>();
  const send = (n: number) => {
    sentAt.set(n, performance.now());
    senderSocket.send(JSON.stringify({
      id: n,
      method: "messages.send",
      params: {
        chatId,
        content: `f${n}`,
        clientId: `fan-${n}`,
        to: relay ? receivers.map((r) => r.id) : undefined,
      },
    }));
  };
  const reached = (n: number) => (arrivals.get(n)?.length ?? 0) >= receivers.length;
  const settle = async (n: number, limitMs: number) => {
    const until = performance.now() + limitMs;
    while (!reached(n) && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  try {
    // Warm-up, not counted.
    send(0);
    await settle(0, 10_000);
    const lasts: number[] = [];
    for (let n = 1; n <= options.singles; n++) {
      send(n);
      await settle(n, 10_000);
      if (!reached(n)) throw new Error(`message ${n} did not reach every member (${sender.id})`);
      lasts.push(Math.max(...arrivals.get(n)!) - sentAt.get(n)!);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const first = options.singles + 1;
    const count = Math.round(options.rate * options.seconds);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      send(first + i);
    }
    await settle(first + count - 1, 10_000);
    const elapsed = (performance.now() - started) / 1000;
    const latencies: number[] = [];
    let received = 0;
    for (let n = first; n < first + count; n++) {
      for (const at of arrivals.get(n) ?? []) latencies.push(at - sentAt.get(n)!);
      received += arrivals.get(n)?.length ?? 0;
    }
    return {
      single: { lastP50: percentile(lasts, 50), lastP99: percentile(lasts, 99) },
      steady: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        pushesPerSecond: received / elapsed,
      },
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}

/** Parley: a group of `members`, each on a socket of their own. */
export async function parleyFanout(kind: DbKind, options: FanoutOptions): Promise<FanoutFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const members = await seedUsers(db, "fan", options.members);
    const chatId = await seedGroup(db, "Everyone", members.map((m) => m.id));
    await db.close();
    const target = await startParley(database, 4, { GROUP_MAX_MEMBERS: "100000" });
    try {
      return await measure(target, chatId, members, options, false);
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}

/** The relay forwarding the same messages to the same number of sockets. */
export async function relayFanout(options: FanoutOptions): Promise<FanoutFigures> {
  const members = Array.from({ length: options.members }, (_, i) => ({
    id: i + 1,
    username: `fan${i}`,
    token: "",
  }));
  const target = await startRelay(4);
  try {
    return await measure(target, 1, members, options, true);
  } finally {
    await target.stop();
  }
}

/** `GET /im` for a user in `groups` groups of `members` members: one request at a time. */
export async function groupPageSpeed(
  kind: DbKind,
  options: { groups: number; members: number; seconds: number },
): Promise<{ p50: number; p99: number }> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const members = await seedUsers(db, "gp", options.members);
    for (let g = 0; g < options.groups; g++) {
      await seedGroup(db, `Group ${g}`, members.map((m) => m.id), 1);
    }
    await db.close();
    const target = await startParley(database);
    try {
      const url = new URL("/im", target.url);
      const headers = { cookie: `parley_session=${members[0].token}` };
      const html = await (await fetch(url, { headers })).text();
      if ((html.match(/class="chat-item"/g)?.length ?? 0) !== options.groups) {
        throw new Error(`GET /im did not show ${options.groups} groups`);
      }
      const latencies: number[] = [];
      const until = performance.now() + options.seconds * 1000;
      while (performance.now() < until) {
        const t = performance.now();
        await (await fetch(url, { headers })).arrayBuffer();
        latencies.push(performance.now() - t);
      }
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
