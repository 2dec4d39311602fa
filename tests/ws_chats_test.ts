/**
 * Chats over the socket: Parley's clients get every message pushed, every method checks who is
 * asking, presence follows connections. The original protocol's chats are in ws_v1_chats_test.ts.
 */
import assert from "node:assert/strict";
import { DAY, GOOD_PASSWORD, TestClock } from "./helpers/accounts.ts";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { serverTest, startTestServer } from "./helpers/server.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";
import { methods as v2Methods } from "../ws/methods/mod.ts";

const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

/** Registers `username` over `socket`, which is then signed in as them. */
/** Ann and Bob signed up, each on a socket of their own, with their personal chat open. */
async function annAndBob(wsUrl: URL) {
  const ann = await TestSocket.open(wsUrl);
  const bob = await TestSocket.open(wsUrl);
  await signUp(ann, "ann");
  await signUp(bob, "bob");
  const { result: { chatId } } = await ann.request<{ result: { chatId: number } }>(
    "chats.openPersonal",
    { username: "bob" },
  );
  return {
    ann,
    bob,
    chatId,
    async [Symbol.asyncDispose]() {
      await ann[Symbol.asyncDispose]();
      await bob[Symbol.asyncDispose]();
    },
  };
}

serverTest("a message is pushed to every connection of every member, once", async (server) => {
  await using annTab1 = await TestSocket.open(server.wsUrl);
  await using annTab2 = await TestSocket.open(server.wsUrl);
  await using bobPhone = await TestSocket.open(server.wsUrl);
  await using eve = await TestSocket.open(server.wsUrl);
  await signUp(annTab1, "ann");
  const signIn = await annTab2.request("auth.login", { login: "ann", password: GOOD_PASSWORD });
  assert.equal(signIn.status, 200, "the same user on a second tab");
  await signUp(bobPhone, "bob");
  await signUp(eve, "eve");

  const { result: { chatId } } = await annTab1.request<{ result: { chatId: number } }>(
    "chats.openPersonal",
    { username: "bob" },
  );
  const sent = await annTab1.request<
    { status: number; result: { message: { id: number; seq: number } } }
  >(
    "messages.send",
    { chatId, content: "hello", clientId: "x1" },
  );
  assert.equal(sent.status, 200);
  assert.equal(sent.result.message.seq, 1);
  for (const socket of [annTab2, bobPhone]) {
    const push = await socket.nextEvent();
    assert.equal(push.event, "message.new");
    assert.deepEqual(push.data, sent.result.message, "the push is the answer's message");
  }
  const resent = await annTab1.request<{ result: { message: { id: number } } }>("messages.send", {
    chatId,
    content: "hello",
    clientId: "x1",
  });
  assert.equal(resent.result.message.id, sent.result.message.id);
  // Every field survives the trip through the announcement, which the database writes as JSON:
  // a reply, quotes, backslashes, Cyrillic, control characters, a name that needs escaping.
  await server.services.db.query("update users set display_name = $1 where username = 'bob'", [
    'Боб "\\o/" \t',
  ]);
  const answered = await bobPhone.request<{ status: number; result: { message: unknown } }>(
    "messages.send",
    {
      chatId,
      content: 'Привет, "ann" <b>&</b>\nвторая строка \\ \u0001 🙂',
      clientId: 'r"2\\',
      replyTo: sent.result.message.id,
    },
  );
  assert.equal(answered.status, 200);
  assert.equal((answered.result.message as { senderName: string }).senderName, 'Боб "\\o/" \t');
  // The first push of the sending tab: it got none of its own message, nor of the resend.
  for (const socket of [annTab1, annTab2]) {
    assert.deepEqual((await socket.nextEvent()).data, answered.result.message);
  }
  // A later message is the next push of each: nothing else came before it.
  const last = await annTab2.request<{ result: { message: unknown } }>("messages.send", {
    chatId,
    content: "last",
    clientId: "x9",
  });
  assert.deepEqual((await bobPhone.nextEvent()).data, last.result.message, "no resend pushed");
  const { result: { chatId: eveChat } } = await annTab2.request<{ result: { chatId: number } }>(
    "chats.openPersonal",
    { username: "eve" },
  );
  const forEve = await annTab2.request<{ result: { message: unknown } }>("messages.send", {
    chatId: eveChat,
    content: "for eve",
    clientId: "x10",
  });
  assert.deepEqual((await eve.nextEvent()).data, forEve.result.message, "nothing of others' chats");
}, NO_CONFIRMATION);

for (const kind of DB_KINDS) {
  Deno.test(`every chat method refuses non-members, the blocked, and ended sessions (${kind})`, async () => {
    await using test = await openTestDb(kind);
    const clock = new TestClock(new Date().toISOString());
    await using server = await startTestServer({
      db: test.db,
      clock: clock.read,
      env: NO_CONFIRMATION.env,
    });
    await using client = await TestSocket.open(server.wsUrl);
    const tokens: Record<string, string> = {};
    for (const name of ["ann", "bob", "eve"]) {
      await using own = await TestSocket.open(server.wsUrl);
      tokens[name] = (await signUp(own, name)).token;
    }
    const call = async (method: string, params: unknown, token: string) => {
      client.send({ id: 1, method, params, token });
      return (await client.next()).status;
    };
    const chatId = await (async () => {
      client.send({
        id: 1,
        method: "chats.openPersonal",
        params: { username: "bob" },
        token: tokens.ann,
      });
      return (await client.next<{ result: { chatId: number } }>()).result.chatId;
    })();
    await call("messages.send", { chatId, content: "first", clientId: "a" }, tokens.ann);
    const [message] = await server.services.db.query<{ id: number }>("select id from messages");

    const methods: [string, unknown][] = [
      ["messages.send", { chatId, content: "x", clientId: "e1" }],
      ["messages.history", { chatId }],
      ["messages.read", { chatId, messageId: message.id }],
      ["messages.edit", { messageId: message.id, content: "mine now" }],
      ["messages.delete", { messageId: message.id }],
      ["chats.typing", { chatId }],
      ["chats.mute", { chatId, muted: true }],
      ["chats.delete", { chatId, forBoth: true }],
    ];
    for (const [method, params] of methods) {
      assert.equal(await call(method, params, tokens.eve), 423, `${method} by a non-member`);
    }

    await server.services.db.query(
      "insert into blocks (blocker_id, blocked_id) select b.id, a.id from users a, users b where a.username = 'ann' and b.username = 'bob'",
    );
    assert.equal(
      await call("messages.send", { chatId, content: "x", clientId: "a2" }, tokens.ann),
      403,
    );
    assert.equal(await call("chats.openPersonal", { username: "bob" }, tokens.ann), 403);

    // Revoked, within its lifetime: every method that needs a user refuses it.
    const signedMethods = Object.entries(v2Methods).filter(([, m]) => m.auth).map(([name]) => name);
    assert.ok(signedMethods.length > 20, signedMethods.join());
    // Before, the same token gets past the check (mostly to a 422 for the empty parameters); all
    // but signing out, which would end it.
    for (const method of signedMethods.filter((name) => name !== "auth.logout")) {
      assert.notEqual(await call(method, {}, tokens.bob), 401, `${method} with a live token`);
    }
    const bobSession = await server.services.accounts.sessions.verify(tokens.bob);
    await server.services.accounts.sessions.revoke(bobSession!.userId, bobSession!.tokenId);
    for (const method of signedMethods) {
      assert.equal(await call(method, {}, tokens.bob), 401, `${method} with a revoked token`);
    }
    // Expired, never revoked.
    clock.advance(6 * DAY);
    for (const method of signedMethods) {
      assert.equal(await call(method, {}, tokens.ann), 401, `${method} with an expired token`);
    }
  });
}

serverTest(
  "edits, deletions, typing and a deleted chat reach the other side live",
  async (server) => {
    await using pair = await annAndBob(server.wsUrl);
    const { ann, bob, chatId } = pair;
    const sent = await ann.request<{ result: { message: { id: number } } }>("messages.send", {
      chatId,
      content: "helo",
      clientId: "1",
    });
    const messageId = sent.result.message.id;
    assert.equal((await bob.nextEvent()).event, "message.new");

    await ann.request("messages.edit", { messageId, content: "hello" });
    const edited = await bob.nextEvent();
    assert.equal(edited.event, "message.edited");
    assert.equal((edited.data as { content: string }).content, "hello");

    assert.deepEqual((await ann.request<{ result: unknown }>("chats.typing", { chatId })).result, {
      sent: true,
    });
    assert.deepEqual((await ann.request<{ result: unknown }>("chats.typing", { chatId })).result, {
      sent: false,
    }, "throttled");
    assert.deepEqual(await bob.nextEvent(), {
      event: "typing",
      data: {
        chatId,
        userId:
          (await ann.request<{ result: { user: { id: number } } }>("account.me")).result.user.id,
      },
    });

    await ann.request("messages.delete", { messageId });
    assert.deepEqual(await bob.nextEvent(), {
      event: "message.deleted",
      data: { chatId, id: messageId },
    });

    assert.equal((await bob.request("chats.delete", { chatId, forBoth: true })).status, 200);
    assert.deepEqual(await bob.nextEvent(), { event: "chat.deleted", data: { chatId } });
    // Ann's pushes up to the chat's end (each waited for with a bound that fails the test).
    const annEvents = [];
    for (let event = await ann.nextEvent();; event = await ann.nextEvent()) {
      annEvents.push(event.event);
      if (event.event === "chat.deleted" || annEvents.length > 10) break;
    }
    assert.equal(annEvents.at(-1), "chat.deleted", annEvents.join());
  },
  NO_CONFIRMATION,
);

serverTest("a user is online while connected and seen when they leave", async (server) => {
  const sockets: Record<string, TestSocket> = {};
  const ids: Record<string, number> = {};
  for (const name of ["ann", "bob"]) {
    sockets[name] = await TestSocket.open(server.wsUrl);
    ids[name] = (await signUp(sockets[name], name)).user.id;
  }
  const annSeen = async () =>
    (await sockets.bob.request<
      { result: { presence: { online: boolean; lastSeenAt: string | null }[] } }
    >(
      "users.presence",
      { userIds: [ids.ann] },
    )).result.presence[0];
  await sockets.ann.request("users.presence", { userIds: [] });
  assert.equal((await annSeen()).online, true);
  sockets.ann.socket.close();
  await sockets.ann.closed;
  for (let i = 0; i < 50 && (await annSeen()).online; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const gone = await annSeen();
  assert.equal(gone.online, false);
  assert.ok(gone.lastSeenAt);
  await sockets.bob[Symbol.asyncDispose]();
});

serverTest("a message too long for a notification is still pushed", async (server) => {
  await using pair = await annAndBob(server.wsUrl);
  const { ann, bob, chatId } = pair;
  const long = "ж".repeat(4000); // 8,000 bytes of UTF-8, over NOTIFY's limit with the envelope
  assert.equal(
    (await ann.request("messages.send", { chatId, content: long, clientId: "long" })).status,
    200,
  );
  const push = await bob.nextEvent();
  assert.equal(push.event, "message.new");
  assert.equal((push.data as { content: string }).content, long);
}, NO_CONFIRMATION);

serverTest(
  "a burst of messages arrives whole and in order, however it was grouped",
  async (server) => {
    await using pair = await annAndBob(server.wsUrl);
    const { ann, bob, chatId } = pair;
    // 40 sends at once, long enough that their news needs several notifications.
    const contents = Array.from({ length: 40 }, (_, i) => `${i} ${"слово ".repeat(60)}`);
    const answers = await Promise.all(
      contents.map((content, i) =>
        bob.request("messages.send", { chatId, content, clientId: `b${i}` })
      ),
    );
    assert.ok(answers.every((a) => a.status === 200));
    const pushed: { seq: number; content: string }[] = [];
    while (pushed.length < contents.length) {
      const push = await ann.nextEvent();
      if (push.event === "message.new") pushed.push(push.data as { seq: number; content: string });
    }
    assert.deepEqual(
      pushed.map((m) => m.seq),
      contents.map((_, i) => i + 1),
      "in order, once each",
    );
    assert.deepEqual(new Set(pushed.map((m) => m.content)), new Set(contents));
  },
  NO_CONFIRMATION,
);
