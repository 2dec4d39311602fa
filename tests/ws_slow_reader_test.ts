/**
 * A client that stops reading its socket: the server closes it once its frames pass the bound,
 * and forgets it at once, although the connection itself lingers until the peer reads.
 */
import assert from "node:assert/strict";
import { CloseCode } from "../ws/connection.ts";
import { offline } from "./helpers/presence.ts";
import { RawSocket } from "./helpers/raw_socket.ts";
import { serverTest } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

serverTest(
  "a signed-in client that stops reading is closed and counted gone at once",
  async (server) => {
    const { db } = server.services;
    await using bob = await TestSocket.open(server.wsUrl);
    await signUp(bob, "bob");
    const annSignUp = await TestSocket.open(server.wsUrl);
    const ann = await signUp(annSignUp, "ann");
    const { result: { chatId } } = await annSignUp.request<{ result: { chatId: number } }>(
      "chats.openPersonal",
      { username: "bob" },
    );
    const long = "Слово за словом, word by word. ".repeat(120).slice(0, 3_900);
    for (let i = 0; i < 50; i++) {
      const sent = await bob.request("messages.send", {
        chatId,
        content: `${i} ${long}`,
        clientId: crypto.randomUUID(),
      });
      assert.equal(sent.status, 200);
    }
    await using annStuck = await RawSocket.open(server.wsUrl, {
      cookie: `parley_session=${ann.token}`,
    });
    await annSignUp[Symbol.asyncDispose]();
    await until(
      async () => {
        const [row] = await db.query<{ online: boolean }>(
          "select online_until > now() as online from users where id = $1",
          [ann.user.id],
        );
        return row.online === true;
      },
      5_000,
      "ann online on the socket that will stop reading",
    );

    // Each answer holds fifty long messages: far more than the connection may queue, all asked
    // for at once, and none read.
    for (let id = 1; id <= 60; id++) {
      await annStuck.send({ id, method: "messages.history", params: { chatId, limit: 50 } });
    }
    await offline(db, ann.user.id);

    // Bob's messages go on meanwhile.
    const after = await bob.request("messages.send", {
      chatId,
      content: "still here",
      clientId: crypto.randomUUID(),
    });
    assert.equal(after.status, 200);

    // Once the client reads, it finds the answers it had room for, then the close.
    const frames = await annStuck.readUntilClose();
    assert.deepEqual(frames.at(-1), { closeCode: CloseCode.tryAgainLater });
    const answered = frames.slice(0, -1).map((frame) => "text" in frame && JSON.parse(frame.text));
    assert.ok(answered.length < 60, `${answered.length} answers reached it`);
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
