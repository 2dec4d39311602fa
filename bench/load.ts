/**
 * The load generator: pairs of users in personal chats, each sending to the other over a real
 * WebSocket, either as fast as answers allow (a window of requests in flight) or at a set rate.
 * A message counts once it is acknowledged (stored) and received by the other member.
 */

export interface Pair {
  a: { id: number; token: string };
  b: { id: number; token: string };
  chatId: number;
}

export interface LoadOptions {
  wsUrls: URL[];
  pairs: Pair[];
  seconds: number;
  /** Messages per second per sender; 0 sends as fast as the window allows. */
  rate: number;
  /** Requests in flight per sender in the fast mode. */
  window: number;
  /** The relay is told who is who in the URL and the request; Parley by the session cookie. */
  relay: boolean;
  /**
   * Seconds of sending before the measured ones begin: what is sent then is neither counted nor
   * timed with the rest, and its latencies are returned apart.
   */
  leadInSeconds?: number;
}

export interface LoadResult {
  /** Sends answered 200, the lead-in's included. */
  acked: number;
  /** Sends refused because the server was busy (503) or they came too often (429). */
  refused: number;
  /** Messages received by the other member, the lead-in's included. */
  delivered: number;
  /** Messages sent after the lead-in and received within the measured seconds, per second. */
  perSecond: number;
  latenciesMs: number[];
  /** Latencies of what was sent during the lead-in. */
  leadInLatenciesMs: number[];
}

interface Client {
  socket: WebSocket;
  userId: number;
  partnerId: number;
  chatId: number;
}

async function connect(url: URL, user: { id: number; token: string }, relay: boolean) {
  const target = new URL(url);
  if (relay) target.searchParams.set("user", String(user.id));
  const headers = relay ? {} : { cookie: `parley_session=${user.token}` };
  const socket = new WebSocket(target, { headers } as unknown as string[]);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = (event) => reject(new Error((event as ErrorEvent).message));
  });
  return socket;
}

/** Runs the load and returns what was stored and delivered, with delivery latencies. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const clients: Client[] = [];
  let index = 0;
  for (const pair of options.pairs) {
    for (const [me, other] of [[pair.a, pair.b], [pair.b, pair.a]]) {
      const url = options.wsUrls[index++ % options.wsUrls.length];
      clients.push({
        socket: await connect(url, me, options.relay),
        userId: me.id,
        partnerId: other.id,
        chatId: pair.chatId,
      });
    }
  }
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const leadInLatencies: number[] = [];
  let acked = 0;
  let refused = 0;
  let delivered = 0;
  let deliveredMeasured = 0;
  let sending = true;
  let outstanding = 0;
  const allDone = Promise.withResolvers<void>();

  // Sends one message from `client`; its client id is also what the receipt is matched by.
  const sent = clients.map(() => 0);
  // Client ids are unique per run: a resent id is answered with the stored message, not a new one.
  const run = crypto.randomUUID().slice(0, 8);
  const send = (i: number) => {
    const client = clients[i];
    const id = ++sent[i];
    const clientId = `${run}-${client.userId}-${id}`;
    sentAt.set(clientId, performance.now());
    outstanding++;
    client.socket.send(JSON.stringify({
      id,
      method: "messages.send",
      params: {
        chatId: client.chatId,
        content: "benchmark message",
        clientId,
        to: client.partnerId,
      },
    }));
  };

  const started = performance.now();
  const measuredFrom = started + (options.leadInSeconds ?? 0) * 1000;
  clients.forEach((client, i) => {
    client.socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data));
      if (frame.event === "message.new") {
        const message = frame.data;
        if (message.senderId === client.userId) return;
        const sentTime = sentAt.get(message.clientId);
        if (sentTime !== undefined) {
          sentAt.delete(message.clientId);
          delivered++;
          const latency = performance.now() - sentTime;
          if (sentTime < measuredFrom) {
            leadInLatencies.push(latency);
          } else {
            latencies.push(latency);
            deliveredMeasured++;
          }
        }
        return;
      }
      if (frame.id === undefined) return;
      outstanding--;
      if (frame.status === 200) acked++;
      else if (frame.status === 503 || frame.status === 429) refused++;
      if (sending && options.rate === 0) send(i);
      if (!sending && outstanding === 0) allDone.resolve();
    };
    if (options.rate === 0) {
      for (let w = 0; w < options.window; w++) send(i);
    }
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.rate > 0) {
    // Each sender keeps to its rate at a phase of its own, so that sends arrive spread out as a
    // population's would, not all on one tick; a late tick catches up.
    const phase = clients.map((_, i) => i / clients.length);
    timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      clients.forEach((_, i) => {
        const due = Math.floor(elapsed * options.rate + 1 - phase[i]);
        while (sent[i] < due) send(i);
      });
    }, 1);
  }
  await new Promise((resolve) =>
    setTimeout(resolve, measuredFrom - started + options.seconds * 1000)
  );
  sending = false;
  clearInterval(timer);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  const deliveredInWindow = deliveredMeasured;
  // Give what is in flight two seconds to land; it is not counted in the rate.
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    allDone.promise,
    new Promise((resolve) => drainTimer = setTimeout(resolve, 2000)),
  ]);
  clearTimeout(drainTimer);
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const client of clients) client.socket.close();
  return {
    acked,
    refused,
    delivered,
    perSecond: deliveredInWindow / elapsed,
    latenciesMs: latencies,
    leadInLatenciesMs: leadInLatencies,
  };
}
