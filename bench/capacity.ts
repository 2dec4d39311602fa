/**
 * Capacity: signed-in idle sockets ramped to a target, spread over loopback addresses; the
 * server's resident memory per socket; and whether a message still arrives quickly at the top.
 */
import { seedPersonalChat, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley, startRelay } from "./target.ts";

export interface CapacityFigures {
  target: number;
  opened: number;
  failed: number;
  rssPerSocketBytes: number;
  deliveryMs: number;
}

const SOCKETS_PER_USER = 100;
const OPENING_AT_ONCE = 256;

export async function capacity(
  kind: DbKind,
  options: { sockets: number; addresses: number },
): Promise<CapacityFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const users = await seedUsers(
      db,
      "cap",
      Math.max(2, Math.ceil(options.sockets / SOCKETS_PER_USER)),
    );
    const chatId = await seedPersonalChat(db, users[0].id, users[1].id);
    await db.close();
    const target = await startParley(database, options.addresses);
    // By index: socket i belongs to user i % users.length.
    let sockets: (WebSocket | undefined)[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = await target.rssBytes();
      const ramped = await ramp(options.sockets, (i) =>
        new WebSocket(
          target.wsUrls[i % target.wsUrls.length],
          {
            headers: { cookie: `parley_session=${users[i % users.length].token}` },
          } as unknown as string[],
        ));
      sockets = ramped.sockets;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const after = await target.rssBytes();

      // One message at the top: from a socket of user 0 to one of user 1's.
      const sender = sockets[0];
      const receiver = sockets[1];
      if (!sender || !receiver) throw new Error("The first two sockets did not open");
      const arrived = new Promise<number>((resolve) => {
        receiver.onmessage = (event) => {
          const frame = JSON.parse(String(event.data));
          if (frame.event === "message.new") resolve(performance.now());
        };
      });
      const t = performance.now();
      sender.send(
        JSON.stringify({
          id: 1,
          method: "messages.send",
          params: { chatId, content: "at the top", clientId: "top" },
        }),
      );
      const deliveryMs = (await Promise.race([
        arrived,
        new Promise<number>((r) => setTimeout(() => r(NaN), 10_000)),
      ])) - t;
      return {
        target: options.sockets,
        opened: sockets.filter(Boolean).length,
        failed: ramped.failed,
        rssPerSocketBytes: (after - before) / Math.max(1, sockets.filter(Boolean).length),
        deliveryMs,
      };
    } finally {
      for (const socket of sockets) socket?.close();
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}

/** The same ramp against the bare relay: what the runtime itself needs per socket. */
export async function relayCapacity(options: { sockets: number; addresses: number }) {
  const target = await startRelay(options.addresses);
  let sockets: (WebSocket | undefined)[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await target.rssBytes();
    ({ sockets } = await ramp(options.sockets, (i) => {
      const url = new URL(target.wsUrls[i % target.wsUrls.length]);
      url.searchParams.set("user", String(i + 1));
      return new WebSocket(url);
    }));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const opened = sockets.filter(Boolean).length;
    return { opened, rssPerSocketBytes: (await target.rssBytes() - before) / Math.max(1, opened) };
  } finally {
    for (const socket of sockets) socket?.close();
    await target.stop();
  }
}

/**
 * Opens `count` sockets, `OPENING_AT_ONCE` at a time; socket i is at index i. The ramp ends at
 * the first socket that fails to open (the open-file limit, or the server refusing more): the
 * rest are counted as failed rather than tried against a full server.
 */
async function ramp(count: number, connect: (i: number) => WebSocket) {
  const sockets: (WebSocket | undefined)[] = [];
  let next = 0;
  let full = false;
  const open = async () => {
    while (next < count && !full) {
      const i = next++;
      try {
        const socket = connect(i);
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onerror = reject;
        });
        sockets[i] = socket;
      } catch {
        full = true;
      }
    }
  };
  await Promise.all(Array.from({ length: OPENING_AT_ONCE }, open));
  return { sockets, failed: count - sockets.filter(Boolean).length };
}
