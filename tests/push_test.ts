/**
 * Web Push end to end without the internet: Parley posts to a push service on 127.0.0.1, which
 * checks the VAPID signature and decrypts each notice with the device's keys.
 */
import assert from "node:assert/strict";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { openTicket } from "../support/tickets.ts";
import { answerAsStaff, setTicketStatus, staffTicket } from "../support/staff_desk.ts";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { offline } from "./helpers/presence.ts";
import { TestPushService } from "./helpers/push_service.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

const ENV = { env: { REQUIRE_EMAIL_CONFIRMATION: "false", PUSH_SERVICES: "127.0.0.1" } };

async function setUp(server: TestServer) {
  const push = new TestPushService(server.services.vapidPublicKey);
  const alice = await TestSocket.open(server.wsUrl);
  const bob = await TestSocket.open(server.wsUrl);
  await signUp(alice, "alice");
  const { user: bobUser } = await signUp(bob, "bob");
  const chatId = (await alice.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  })).result.chatId;
  const send = async (content: string) => {
    const sent = await alice.request<{ status: number; result: { message: { id: number } } }>(
      "messages.send",
      { chatId, content, clientId: crypto.randomUUID() },
    );
    assert.equal(sent.status, 200);
    return sent.result.message.id;
  };
  return { push, alice, bob, bobId: bobUser.id, chatId, send };
}

serverTest(
  "a message to a member with no tab open reaches their device, signed and encrypted",
  async (server) => {
    const { push, alice, bob, bobId, chatId, send } = await setUp(server);
    await using _p = push;
    await using _a = alice;
    assert.equal((await bob.request("push.subscribe", push.device("phone"))).status, 200);
    await bob[Symbol.asyncDispose]();
    await offline(server.services.db, bobId);

    await send("Lunch at **noon**?");
    const [first] = await push.pushesTo("phone");
    assert.deepEqual(first.notice, {
      kind: "message",
      chatId,
      tag: `chat-${chatId}`,
      url: `/im/${chatId}`,
      title: "alice",
      body: "Lunch at noon?",
      count: 1,
      mention: false,
    });
    assert.equal(first.headers.get("content-encoding"), "aes128gcm");
    assert.equal(first.headers.get("topic"), `chat-${chatId}`, "one notice per chat is kept");
    assert.equal(first.headers.get("urgency"), "high");

    // A burst is told once, with how many came.
    await send("one");
    await send("two");
    await send("three");
    const pushes = await push.pushesTo("phone", 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = push.received.slice(1);
    assert.ok(later.length <= 2, `${later.length} notices for a burst of 3`);
    assert.equal(later.at(-1)!.notice.body, "three");
    assert.equal(later.reduce((sum, p) => sum + Number(p.notice.count), 0), 3);
    assert.ok(pushes.length >= 2);
  },
  ENV,
);

serverTest(
  "no notice while a tab is open, nor in a muted chat unless mentioned",
  async (server) => {
    const { push, alice, bob, bobId, chatId, send } = await setUp(server);
    await using _p = push;
    await using _a = alice;
    await bob.request("push.subscribe", push.device("laptop"));
    await send("while bob reads along");
    // Past the gathering of messages: a notice of it would be the first to come.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await bob.request("chats.mute", { chatId, muted: true });
    await bob[Symbol.asyncDispose]();
    await offline(server.services.db, bobId);
    await send("muted, and not for bob");
    // Gathered and told apart from the next: a notice of the one before would come first.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await send("@bob this one is for you");
    const [told] = await push.pushesTo("laptop");
    assert.equal(told.notice.body, "@bob this one is for you");
    assert.equal(told.notice.mention, true);
    assert.equal(push.received.length, 1);

    // The privacy setting keeps the words out of the notice.
    await server.services.db.query("update users set push_shows_text = false where id = $1", [
      bobId,
    ]);
    await send("@bob a secret");
    const [, hidden] = await push.pushesTo("laptop", 2);
    assert.equal(hidden.notice.body, "1 new message");
    assert.equal(hidden.notice.title, "alice");
  },
  ENV,
);

serverTest("reading on one device takes the notice off the others", async (server) => {
  const { push, alice, bob, bobId, chatId, send } = await setUp(server);
  await using _p = push;
  await using _a = alice;
  const { token } = (await bob.request<{ result: { token: string } }>("auth.login", {
    login: "bob",
    password: GOOD_PASSWORD,
  })).result;
  await bob.request("push.subscribe", push.device("phone"));
  await bob[Symbol.asyncDispose]();
  await offline(server.services.db, bobId);
  const last = await send("are you there?");
  const [message] = await push.pushesTo("phone");

  await using desktop = await TestSocket.open(server.wsUrl, { cookie: `parley_session=${token}` });
  const read = await desktop.request("messages.read", { chatId, messageId: last });
  assert.equal(read.status, 200, JSON.stringify(read));
  const [, cleared] = await push.pushesTo("phone", 2);
  assert.deepEqual(cleared.notice, { kind: "read", chatId, tag: `chat-${chatId}` });
  assert.equal(cleared.headers.get("topic"), message.headers.get("topic"));
}, ENV);

serverTest(
  "gone subscriptions are forgotten, refusals retried, ended sessions told nothing",
  async (server) => {
    const { push, alice, bob, bobId, send } = await setUp(server);
    await using _p = push;
    await using _a = alice;
    const { db } = server.services;
    await bob.request("push.subscribe", push.device("old"));
    push.answers.set("old", [410]);
    await bob[Symbol.asyncDispose]();
    await offline(db, bobId);
    await send("first");
    for (let i = 0; i < 50; i++) {
      const left = await db.query("select 1 from push_subscriptions where user_id = $1", [bobId]);
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const left = await db.query("select endpoint from push_subscriptions");
    assert.equal(left.length, 0, "410: forgotten");

    await using again = await TestSocket.open(server.wsUrl);
    const { token } = (await again.request<{ result: { token: string } }>("auth.login", {
      login: "bob",
      password: GOOD_PASSWORD,
    })).result;
    await again.request("push.subscribe", push.device("flaky"));
    push.answers.set("flaky", [503]);
    await again[Symbol.asyncDispose]();
    await offline(db, bobId);
    await send("second");
    const [retried] = await push.pushesTo("flaky");
    assert.equal(retried.notice.body, "second", "delivered on the second try");

    // Signed out: the session's device is told nothing more.
    await using signOut = await TestSocket.open(server.wsUrl, {
      cookie: `parley_session=${token}`,
    });
    assert.equal((await signOut.request("auth.logout", {})).status, 200);
    await signOut[Symbol.asyncDispose]();
    await offline(db, bobId);
    await send("third");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(push.received.map((p) => p.notice.body), ["second"]);
  },
  ENV,
);

serverTest("only push services that are allowed may be subscribed", async (server) => {
  await using socket = await TestSocket.open(server.wsUrl);
  await signUp(socket, "carol");
  const keys = { p256dh: "B".repeat(87), auth: "a".repeat(22) };
  const subscribe = (endpoint: string) => socket.request("push.subscribe", { endpoint, keys });
  assert.equal((await subscribe("https://fcm.googleapis.com/fcm/send/x")).status, 200);
  assert.equal((await subscribe("https://a.notify.windows.com/w/?token=x")).status, 200);
  assert.equal((await subscribe("https://internal.example/admin")).status, 422);
  assert.equal((await subscribe("http://fcm.googleapis.com/fcm/send/x")).status, 422, "https");
  assert.equal((await subscribe("http://127.0.0.1:5432/")).status, 422, "not listed here");
  assert.equal((await subscribe("not a url")).status, 422);
  assert.equal((await socket.request("push.unsubscribe", {})).status, 200);
  await using stranger = await TestSocket.open(server.wsUrl);
  assert.equal(
    (await stranger.request("push.subscribe", {
      endpoint: "https://fcm.googleapis.com/x",
      keys,
    })).status,
    401,
  );
}, { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } });

serverTest("a staff answer to a ticket reaches its asker's device once", async (server) => {
  const { push, alice, bob, bobId } = await setUp(server);
  await using _p = push;
  await using _a = alice;
  const { db, key } = server.services;
  await db.query("update users set role = 'support' where username = 'alice'");
  await bob.request("push.subscribe", push.device("tablet"));
  await bob[Symbol.asyncDispose]();
  await offline(db, bobId);
  const ticketId = await openTicket(db, { userId: bobId }, {
    category: "account",
    subject: "Cannot change my avatar",
    body: "It says the file is too large",
    lang: "en",
  });
  const ticket = await staffTicket(db, ticketId);
  const deps = { db, key, mailQueued: () => {} };
  const aliceId =
    (await db.query<{ id: number }>("select id from users where username = 'alice'"))[0].id;
  await answerAsStaff(deps, aliceId, ticket, {
    body: "A note for staff only",
    internal: true,
    origin: server.url.origin,
  });
  await answerAsStaff(deps, aliceId, ticket, {
    body: "Try one under 10 MB",
    internal: false,
    status: "waiting",
    origin: server.url.origin,
  });
  const [told] = await push.pushesTo("tablet");
  assert.deepEqual(told.notice, {
    kind: "ticket",
    ticketId,
    tag: `ticket-${ticketId}`,
    url: `/help/tickets/${ticketId}`,
    title: "Support: Cannot change my avatar",
    body: "Try one under 10 MB",
  });
  assert.equal(told.headers.get("topic"), `ticket-${ticketId}`);
  await setTicketStatus(db, aliceId, await staffTicket(db, ticketId), "solved");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(push.received.length, 1, "a change of status is no new answer");
}, ENV);
