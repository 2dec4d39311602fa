/**
 * The baselines: a minimal WebSocket relay that speaks just enough of Parley's protocol for the
 * same load generator: `messages.send` is answered and forwarded to the other member (or, for the
 * fan-out figure, a group's members) as `message.new`. Who is who comes from `?user=` and the `to`
 * parameter. With no database it
 * answers at once (the runtime's limit); with `RELAY_STORE=1`, it first stores each message with
 * a bare batched INSERT in the database Parley would open (`DATABASE_URL`, else PGlite in
 * `DATA_DIR`): the limit of any messenger that keeps what it relays there.
 */
import { DEFAULT_WS_IDLE_TIMEOUT_SECONDS } from "../config.ts";
import { openDatabase } from "../db/mod.ts";
import { batchStore, type RelayMessage } from "./relay_store.ts";

const sockets = new Map<number, WebSocket>();
let nextMessageId = 1;
const store = Deno.env.get("RELAY_STORE") === "1"
  ? batchStore(
    await openDatabase({
      databaseUrl: Deno.env.get("DATABASE_URL") || undefined,
      dataDir: Deno.env.get("DATA_DIR")!,
    }),
  )
  : undefined;

const server = Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 0),
  hostname: "0.0.0.0",
  onListen: () => {},
}, (req) => {
  const user = Number(new URL(req.url).searchParams.get("user"));
  // Parley's keep-alive: the timers the runtime keeps for its pings are part of what an idle
  // socket costs.
  const { socket, response } = Deno.upgradeWebSocket(req, {
    idleTimeout: DEFAULT_WS_IDLE_TIMEOUT_SECONDS,
  });
  socket.onopen = () => sockets.set(user, socket);
  socket.onclose = () => sockets.delete(user);
  socket.onmessage = (event) => {
    const { id, params } = JSON.parse(String(event.data));
    const message: RelayMessage = {
      id: nextMessageId++,
      chatId: params.chatId,
      senderId: user,
      clientId: params.clientId,
      content: params.content,
    };
    const relay = () => {
      socket.send(JSON.stringify({ id, status: 200, result: { message } }));
      // One member, or a group's: serialised once for all of them.
      const push = JSON.stringify({ event: "message.new", data: message });
      for (const to of Array.isArray(params.to) ? params.to : [params.to]) {
        sockets.get(to)?.send(push);
      }
    };
    if (store) store(message).then(relay);
    else relay();
  };
  return response;
});
// deno-lint-ignore no-console
console.log(`Relay listening on ${server.addr.port}`);
