/**
 * Capacity: signed-in idle sockets ramped to a target, spread over loopback addresses; the
 * servers' resident memory per socket; and whether a message still arrives quickly at the top.
 *
 * No process here may hold more open files than the hard limit (20,000, which cannot be raised
 * without CAP_SYS_RESOURCE), so a target above it is served by as many Parley processes as it
 * takes, on one PostgreSQL database, as a deployment of several processes would be: each pushes
 * what the others store (LISTEN/NOTIFY, `chats/delivery.ts`), and the messages at the top go
 * from a socket of the first process to one of the last. The sockets are held by client
 * processes, one per server. PGlite keeps its data in one process, so on PGlite the run has one
 * process and stops at the limit.
 */
import { seedPersonalChat, seedUsers } from "./seed.ts";
import { openFileLimit, openShare, type ShareProcess } from "./socket_shares.ts";
import { median } from "./stats.ts";
import { benchDatabase, type DbKind, startParley, startRelay, type Target } from "./target.ts";

export interface CapacityFigures {
  /** Server processes the sockets were spread over. */
  processes: number;
  /** Sockets still open when the memory was read, 2 s after the ramp. */
  open: number;
  /** 2 s after the ramp: the upgrades' garbage is mostly still there. */
  rssPerSocketBytes: number;
  /** Sockets still open at the end of the hold. */
  heldOpen: number;
  /** The median of the readings taken every 5 s while the sockets are held, idle. */
  heldRssPerSocketBytes: number;
  /** From the send to the receipt, of each message sent at the top in turn. */
  deliveriesMs: number[];
}

const SOCKETS_PER_USER = 100;
/** Messages sent one after another at the top; the first also meets the processes' cold paths. */
const MESSAGES_AT_THE_TOP = 5;
/**
 * Sockets opening at once, over all processes: more keep two cores so busy that the runtime's
 * idle-timeout pings of the first sockets go unanswered for their 15 s, and the server closes them.
 */
const OPENING_AT_ONCE = 256;
/** Files a server or client process keeps for other things than its sockets. */
const OTHER_FILES = 1_000;

/** How many sockets a run wants, and how many one process may hold (default: the limit's worth). */
export interface CapacityOptions {
  sockets: number;
  /** Loopback addresses each server listens on, for client ports not to run out. */
  addresses: number;
  perProcess?: number;
  /** How long the sockets are held after the ramp, their memory read every 5 s (default 60). */
  holdSeconds?: number;
}

/** Between two readings of the memory while the sockets are held. */
const READ_EVERY_MS = 5_000;

/** Server processes for the sockets: at least one. */
async function processesFor(options: CapacityOptions): Promise<number> {
  const perProcess = options.perProcess ?? (await openFileLimit()) - OTHER_FILES;
  return Math.max(1, Math.ceil(options.sockets / perProcess));
}

/** Opens `sockets` over `targets`, an equal share each; returns the share processes. */
async function openShares(
  targets: Target[],
  sockets: number,
  tokens?: string[],
): Promise<ShareProcess[]> {
  const perTarget = Math.ceil(sockets / targets.length);
  return await Promise.all(targets.map((target, t) =>
    openShare({
      wsUrls: target.wsUrls.map(String),
      first: t * perTarget,
      count: Math.min(perTarget, sockets - t * perTarget),
      tokens,
      openingAtOnce: Math.ceil(OPENING_AT_ONCE / targets.length),
    })
  ));
}

/** The sockets open now, and the resident memory the targets gained since `before` per socket. */
async function reading(targets: Target[], shares: ShareProcess[], before: number[]) {
  const open = (await Promise.all(shares.map((share) => share.countOpen())))
    .reduce((sum, n) => sum + n, 0);
  const after = await Promise.all(targets.map((t) => t.rssBytes()));
  const grown = after.reduce((sum, rss, i) => sum + rss - before[i], 0);
  return { open, rssPerSocketBytes: grown / Math.max(1, open) };
}

/** Reads the memory 2 s after the ramp. */
async function atTheTop(targets: Target[], shares: ShareProcess[], before: number[]) {
  await wait(2000);
  return await reading(targets, shares, before);
}

/**
 * Holds the sockets idle for `seconds`, reading the memory every 5 s. The reading 2 s after the
 * ramp comes before the runtime's keep-alive pings and with the upgrades' garbage not yet
 * collected; held, the sockets show what they cost over time, and that each lives through the
 * pings.
 */
async function hold(
  targets: Target[],
  shares: ShareProcess[],
  before: number[],
  seconds = 60,
) {
  const readings = [];
  const until = performance.now() + seconds * 1000;
  do {
    await wait(Math.min(READ_EVERY_MS, Math.max(0, until - performance.now())));
    readings.push(await reading(targets, shares, before));
  } while (performance.now() < until);
  return {
    heldOpen: readings.at(-1)!.open,
    heldRssPerSocketBytes: median(readings.map((r) => r.rssPerSocketBytes)),
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What `promise` gives, or `otherwise` after `ms`; the timer does not outlive the race. */
async function within<T>(promise: Promise<T>, ms: number, otherwise: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<T>((resolve) => timer = setTimeout(() => resolve(otherwise), ms)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function capacity(kind: DbKind, options: CapacityOptions): Promise<CapacityFigures> {
  const processes = kind === "postgres" ? await processesFor(options) : 1;
  const database = await benchDatabase(kind);
  const targets: Target[] = [];
  let shares: ShareProcess[] = [];
  try {
    const db = await database.open();
    const users = await seedUsers(
      db,
      "cap",
      Math.max(2, Math.ceil(options.sockets / SOCKETS_PER_USER)),
    );
    const chatId = await seedPersonalChat(db, users[0].id, users[1].id);
    await db.close();
    for (let p = 0; p < processes; p++) {
      targets.push(await startParley(database, options.addresses));
    }
    await wait(500);
    const before = await Promise.all(targets.map((t) => t.rssBytes()));
    // Socket i belongs to user i % users.length.
    shares = await openShares(targets, options.sockets, users.map((u) => u.token));
    const top = await atTheTop(targets, shares, before);

    // Messages at the top, one after another: from user 0's first socket to one of user 1's on the
    // last process (sockets open in order, so the first of a share are open if any is).
    const last = shares.length - 1;
    const first = last * Math.ceil(options.sockets / processes);
    const receiver = first + (((1 - first) % users.length) + users.length) % users.length;
    if (shares[0].opened === 0 || shares[last].opened <= receiver - first) {
      throw new Error("The sockets of the message at the top did not open");
    }
    const deliveriesMs: number[] = [];
    for (let m = 1; m <= MESSAGES_AT_THE_TOP; m++) {
      const clientId = `top-${m}`;
      const { arrival } = await shares[last].watch(receiver, clientId);
      const sentAt = await shares[0].send(
        0,
        JSON.stringify({
          id: m,
          method: "messages.send",
          params: { chatId, content: "at the top", clientId },
        }),
      );
      const arrivedAt = await within(arrival, 10_000, NaN);
      deliveriesMs.push(arrivedAt - sentAt);
      await wait(200);
    }
    return {
      processes,
      ...top,
      ...await hold(targets, shares, before, options.holdSeconds),
      deliveriesMs,
    };
  } finally {
    await Promise.all(shares.map((share) => share.close()));
    await Promise.all(targets.map((target) => target.stop()));
    await database.drop();
  }
}

/** The same ramp against as many bare relays: what the runtime itself needs per socket. */
export async function relayCapacity(options: CapacityOptions) {
  const processes = await processesFor(options);
  const targets: Target[] = [];
  let shares: ShareProcess[] = [];
  try {
    for (let p = 0; p < processes; p++) targets.push(await startRelay(options.addresses));
    await wait(500);
    const before = await Promise.all(targets.map((t) => t.rssBytes()));
    shares = await openShares(targets, options.sockets);
    const top = await atTheTop(targets, shares, before);
    return { processes, ...top, ...await hold(targets, shares, before, options.holdSeconds) };
  } finally {
    await Promise.all(shares.map((share) => share.close()));
    await Promise.all(targets.map((target) => target.stop()));
  }
}
