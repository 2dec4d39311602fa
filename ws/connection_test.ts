import assert from "node:assert/strict";
import { RawSocket } from "../tests/helpers/raw_socket.ts";
import { until } from "../tests/helpers/wait.ts";
import { CloseCode, Connection, RUNTIME_BUFFER_BYTES } from "./connection.ts";

/** A server whose one socket is wrapped in a Connection, and a client that reads nothing. */
async function connectionToNonReader(maxQueuedChars: number) {
  const accepted = Promise.withResolvers<{ conn: Connection; socket: WebSocket }>();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const conn = new Connection(socket, { ip: "127.0.0.1", userAgent: "", maxQueuedChars });
    socket.onopen = () => accepted.resolve({ conn, socket });
    return response;
  });
  const client = await RawSocket.open(new URL(`ws://127.0.0.1:${server.addr.port}/`));
  return { server, client, ...await accepted.promise };
}

Deno.test("a reader that falls behind is closed, its queue dropped, the runtime holding little", async () => {
  const maxQueuedChars = 1024 * 1024;
  const { server, client, conn, socket } = await connectionToNonReader(maxQueuedChars);
  let closings = 0;
  conn.onClosing = () => closings++;
  const filler = "x".repeat(32 * 1024);
  let sent = 0;
  let mostHeldByRuntime = 0;
  while (!conn.closing) {
    conn.send(JSON.stringify({ n: sent++, filler }));
    mostHeldByRuntime = Math.max(mostHeldByRuntime, socket.bufferedAmount);
    assert.ok(conn.queuedChars <= maxQueuedChars + filler.length + 100);
    // Time for the runtime to write what it holds to the connection, as between pushes.
    if (sent % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(sent < 100_000, "never closed");
  }
  assert.equal(closings, 1);
  assert.equal(conn.queuedChars, 0);
  assert.equal(conn.isOpen, false);
  assert.ok(
    mostHeldByRuntime < RUNTIME_BUFFER_BYTES + 2 * filler.length,
    `the runtime held ${mostHeldByRuntime} bytes`,
  );
  conn.send(JSON.stringify({ n: sent, filler }));
  conn.close(CloseCode.tryAgainLater, "again");
  assert.equal(closings, 1);

  // Once the client reads, it gets a prefix of what was sent, in order, and the close.
  const frames = await client.readUntilClose();
  const close = frames.pop()!;
  assert.deepEqual(close, { closeCode: CloseCode.tryAgainLater });
  const numbers = frames.map((frame) => "text" in frame && JSON.parse(frame.text).n);
  assert.ok(numbers.length > 0 && numbers.length < sent, `${numbers.length} of ${sent}`);
  assert.deepEqual(numbers, numbers.map((_, i) => i));
  await client[Symbol.asyncDispose]();
  await server.shutdown();
});

Deno.test("frames queued for a reader that catches up all arrive, in order", async () => {
  const { server, client, conn } = await connectionToNonReader(64 * 1024 * 1024);
  const filler = "y".repeat(16 * 1024);
  const count = 2_000;
  for (let n = 0; n < count; n++) conn.send(JSON.stringify({ n, filler }));
  assert.ok(conn.queuedChars > 0, "some frames waited in the queue");
  const reading = client.readUntilClose();
  await until(() => conn.queuedChars === 0, 10_000, "the queue drained");
  conn.close(1000, "done");
  const frames = await reading;
  assert.deepEqual(frames.pop(), { closeCode: 1000 });
  const numbers = frames.map((frame) => "text" in frame && JSON.parse(frame.text).n);
  assert.deepEqual(numbers, Array.from({ length: count }, (_, i) => i));
  await client[Symbol.asyncDispose]();
  await server.shutdown();
});
