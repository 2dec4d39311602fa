/**
 * The baseline: a minimal WebSocket relay with no database. It speaks just enough of Parley's
 * protocol for the same load generator: `messages.send` is answered at once and forwarded to
 * the other member as `message.new`. Who is who comes from `?user=` and the `to` parameter.
 */
const sockets = new Map<number, WebSocket>();
let nextMessageId = 1;

const server = Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 0),
  hostname: "0.0.0.0",
  onListen: () => {},
}, (req) => {
  const user = Number(new URL(req.url).searchParams.get("user"));
  const { socket, response } = Deno.upgradeWebSocket(req);
  socket.onopen = () => sockets.set(user, socket);
  socket.onclose = () => sockets.delete(user);
  socket.onmessage = (event) => {
    const { id, params } = JSON.parse(String(event.data));
    const message = {
      id: nextMessageId++,
      chatId: params.chatId,
      senderId: user,
      clientId: params.clientId,
      content: params.content,
    };
    socket.send(JSON.stringify({ id, status: 200, result: { message } }));
    sockets.get(params.to)?.send(JSON.stringify({ event: "message.new", data: message }));
  };
  return response;
});
// deno-lint-ignore no-console
console.log(`Relay listening on ${server.addr.port}`);
