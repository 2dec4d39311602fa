/**
 * Groups over the socket: made and run through v2 methods, their members told of every change,
 * and someone removed told nothing more, on any device of any process. v1 clients see groups in
 * their chat list and write in them.
 */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { freshPostgresDatabase } from "./helpers/db.ts";
import { spawnServer } from "./helpers/process.ts";
import { serverTest } from "./helpers/server.ts";
import { registerV1, signUp, TestSocket, v1Request } from "./helpers/ws_client.ts";

type Frame = Record<string, unknown>;
type Push = { event: string; data: Record<string, unknown> };

/** The pushes of `socket` until one `matches`, that one last. */
async function pushesUntil(socket: TestSocket, matches: (push: Push) => boolean) {
  const seen: Push[] = [];
  while (!seen.length || !matches(seen.at(-1)!)) {
    seen.push(await socket.nextEvent() as unknown as Push);
  }
  return seen;
}

const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

serverTest("a group made over v2: its members are told of each change", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  await using cat = await TestSocket.open(server.wsUrl);
  await using dan = await TestSocket.open(server.wsUrl);
  const annId = (await signUp(ann, "ann")).user.id;
  const bobId = (await signUp(bob, "bob")).user.id;
  const catId = (await signUp(cat, "cat")).user.id;
  await signUp(dan, "dan");

  const bad = await ann.request<{ status: number; error: { issues: { path: string }[] } }>(
    "groups.create",
    { userIds: ["x"] },
  );
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.error.issues.map((i) => i.path).sort(), ["title", "userIds.0"]);
  const created = await ann.request<{ status: number; result: Frame }>("groups.create", {
    title: "Team",
    userIds: [bobId],
    usernames: ["CAT"],
  });
  assert.equal(created.status, 200);
  const chatId = created.result.chatId as number;
  assert.deepEqual(created.result.invited, []);
  const joined = await pushesUntil(bob, (p) => p.event === "group.member");
  assert.deepEqual(joined.map((p) => p.event), ["message.new", "group.member"]);
  assert.equal(joined[0].data.contentType, "system");

  const info = await cat.request<{ result: { group: { members: Frame[]; role: string } } }>(
    "groups.info",
    { chatId },
  );
  assert.deepEqual(
    info.result.group.members.map((m) => [m.userId, m.role]),
    [[annId, "owner"], [bobId, "member"], [catId, "member"]],
  );
  assert.equal(
    (await cat.request<{ status: number }>("groups.removeMember", {
      chatId,
      userId: bobId,
    })).status,
    403,
  );
  assert.equal((await dan.request<{ status: number }>("groups.info", { chatId })).status, 404);

  await ann.request("groups.update", { chatId, title: "Team 2" });
  const renamed = await pushesUntil(cat, (p) => p.event === "group.updated");
  assert.equal(renamed.at(-1)!.data.title, "Team 2");

  assert.equal(
    (await ann.request<{ status: number }>("groups.removeMember", {
      chatId,
      userId: catId,
    })).status,
    200,
  );
  const out = await pushesUntil(cat, (p) => p.event === "group.member");
  assert.deepEqual(out.at(-1)!.data, { chatId, userId: catId, role: null });
  await ann.request("messages.send", { chatId, content: "after", clientId: "a1" });
  assert.equal((await pushesUntil(bob, (p) => p.data.content === "after")).length > 0, true);
  // What reaches Cat next is Dan's message, sent after it: not the group's.
  const { result: { chatId: withCat } } = await dan.request<{ result: { chatId: number } }>(
    "chats.openPersonal",
    { userId: catId },
  );
  await dan.request("messages.send", { chatId: withCat, content: "psst", clientId: "d1" });
  const next = await cat.nextEvent(5_000, ["message.new"]) as unknown as Push;
  assert.equal(next.data.content, "psst");
  const sent = await cat.request<{ status: number }>("messages.send", {
    chatId,
    content: "let me back",
    clientId: "c1",
  });
  assert.equal(sent.status, 423);
}, NO_CONFIRMATION);

serverTest("a v1 client sees its groups and writes in them", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  await using owner = await TestSocket.open(server.wsUrl);
  const annId = (await signUp(owner, "ann")).user.id;
  const register = (username: string) => registerV1(client, username);
  const bob = await register("bob");
  const cat = await register("cat");
  const created = await owner.request<{ result: { chatId: number } }>("groups.create", {
    title: "Команда",
    usernames: ["bob"],
  });
  const chatId = created.result.chatId;
  const listed = await v1Request(client, { mode: "getChats", token: bob });
  const [group] = listed.chats as Frame[];
  assert.equal(group.chat_type, "group");
  assert.equal(group.chat_name, "Команда");
  assert.deepEqual(group.chat_members, [annId]);
  assert.equal(group.last_message_text, "ann добавляет bob", "in the language of the account");

  const sent = await v1Request(client, {
    mode: "sendMessage",
    token: bob,
    chat_id: chatId,
    content: "hi",
  });
  assert.equal(sent.status, "200");
  const read = await v1Request(client, { mode: "getMessages", token: bob, chat_id: chatId });
  assert.deepEqual(
    (read.messages as Frame[]).map((m) => [m.content, m.content_type]),
    [["ann создаёт группу «Команда»", "text"], ["ann добавляет bob", "text"], ["hi", "text"]],
  );
  for (const mode of ["getMessages", "sendMessage"]) {
    const refused = await v1Request(client, { mode, token: cat, chat_id: chatId, content: "x" });
    assert.equal(refused.status, "423", mode);
  }
}, NO_CONFIRMATION);

const DATABASE_URL = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "someone removed is told nothing more on any device of either process (postgres)",
  ignore: !DATABASE_URL || Deno.build.os === "windows",
  async fn() {
    await using database = await freshPostgresDatabase("parley_groups");
    const env = {
      DATABASE_URL: database.url.href,
      DEMO_DATA: "true",
      SECRET: "shared-secret-of-both-processes-0123",
    };
    const [first, second] = await Promise.all([spawnServer(env), spawnServer(env)]);
    try {
      const signIn = async (process: { wsUrl: URL }, login: string) => {
        const socket = await TestSocket.open(process.wsUrl);
        const answer = await socket.request<{ status: number; result: { user: { id: number } } }>(
          "auth.login",
          { login, password: login === "test" ? "test" : DEMO_PASSWORD },
        );
        assert.equal(answer.status, 200);
        return { socket, id: answer.result.user.id };
      };
      const owner = await signIn(first, "test");
      const carol = await signIn(second, "carol");
      const alice = await signIn(first, "alice");
      const aliceThere = await signIn(second, "alice");
      const boris = await signIn(first, "boris");
      try {
        const created = await owner.socket.request<{ result: { chatId: number } }>(
          "groups.create",
          { title: "Both", userIds: [carol.id, alice.id] },
        );
        const chatId = created.result.chatId;
        await owner.socket.request("messages.send", { chatId, content: "one", clientId: "o1" });
        for (const { socket } of [carol, alice, aliceThere]) {
          await pushesUntil(socket, (p) => p.data.content === "one");
        }
        await owner.socket.request("groups.removeMember", { chatId, userId: alice.id });
        for (const { socket } of [alice, aliceThere]) {
          const out = await pushesUntil(socket, (p) => p.event === "group.member");
          assert.deepEqual(out.at(-1)!.data, { chatId, userId: alice.id, role: null });
        }
        await owner.socket.request("messages.send", { chatId, content: "two", clientId: "o2" });
        await pushesUntil(carol.socket, (p) => p.data.content === "two");
        // Boris writes to Alice after that: on each of her devices, his is the next push.
        const { result: { chatId: personal } } = await boris.socket.request<
          { result: { chatId: number } }
        >("chats.openPersonal", { userId: alice.id });
        await boris.socket.request("messages.send", {
          chatId: personal,
          content: "psst",
          clientId: "b1",
        });
        for (const { socket } of [alice, aliceThere]) {
          const next = await socket.nextEvent(5_000, ["message.new"]) as unknown as Push;
          assert.equal(next.data.content, "psst");
        }
      } finally {
        for (const { socket } of [owner, carol, alice, aliceThere, boris]) {
          await socket[Symbol.asyncDispose]();
        }
      }
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  },
});
