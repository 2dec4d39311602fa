/** Message search: words in their forms, prefixes and typos, paging, filters, and who finds what. */
import assert from "node:assert/strict";
import { buildSearchIndexes, SEARCH_INDEXES } from "../db/search_indexes.ts";
import { dbTest } from "./helpers/db.ts";
import { serverTest } from "./helpers/server.ts";
import { png, upload } from "./helpers/uploads.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

type Hit = {
  messageId: number;
  chatId: number;
  senderName: string;
  excerpt: string[];
  similar: boolean;
};
type Found = { status: number; result: { hits: Hit[]; next?: { rank: number; id: number } } };
const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

/** Helpers over one signed-in socket. */
function as(socket: TestSocket) {
  return {
    socket,
    async chatWith(username: string) {
      return (await socket.request<{ result: { chatId: number } }>("chats.openPersonal", {
        username,
      })).result.chatId;
    },
    async send(chatId: number, content: string, extra: Record<string, unknown> = {}) {
      const sent = await socket.request<{ status: number; result: { message: { id: number } } }>(
        "messages.send",
        { chatId, content, clientId: crypto.randomUUID(), ...extra },
      );
      assert.equal(sent.status, 200);
      return sent.result.message.id;
    },
    search: (query: string, filters: Record<string, unknown> = {}) =>
      socket.request<Found>("messages.search", { query, ...filters }),
    async found(query: string, filters: Record<string, unknown> = {}) {
      const answer = await this.search(query, filters);
      assert.equal(answer.status, 200, JSON.stringify(answer));
      return answer.result.hits.map((hit) => hit.messageId);
    },
  };
}

async function users(server: { wsUrl: URL }, ...names: string[]) {
  return await Promise.all(names.map(async (name) => {
    const socket = await TestSocket.open(server.wsUrl);
    const { token } = await signUp(socket, name);
    return { ...as(socket), token, [Symbol.asyncDispose]: () => socket[Symbol.asyncDispose]() };
  }));
}

serverTest("words are found in their forms, as prefixes and with typos, and marked", async (s) => {
  const [alice, bob] = await users(s, "alice", "bob");
  await using _a = alice;
  await using _b = bob;
  const chat = await alice.chatWith("bob");
  const boots = await alice.send(chat, "Купила новые ботинки, **зимние**");
  const meetings = await bob.send(chat, "The meetings were moved to Friday");
  const hello = await bob.send(chat, "Ну привет всем");
  await bob.send(chat, "Nothing to see here");

  assert.deepEqual(await alice.found("ботинок"), [boots], "another form of the word");
  assert.deepEqual(await alice.found("meeting"), [meetings], "English stems");
  assert.deepEqual(await alice.found("зимн бот"), [boots], "prefixes, every word required");
  assert.deepEqual(await alice.found("ботинки пятница"), [], "a word missing");
  const [marked] = (await alice.search("ботинки")).result.hits;
  assert.equal(marked.similar, false);
  assert.deepEqual(marked.excerpt.filter((_, i) => i % 2 === 1), ["ботинки"]);
  assert.equal(marked.senderName, "alice");

  const typo = (await alice.search("превет")).result.hits;
  assert.deepEqual(typo.map((hit) => [hit.messageId, hit.similar]), [[hello, true]]);
  assert.deepEqual(typo[0].excerpt, ["Ну ", "привет", " всем"]);
  assert.deepEqual(await alice.found("&|!:*()'"), [], "query syntax is only text");
}, NO_CONFIRMATION);

serverTest("results come best first, newest among equals, a page at a time", async (s) => {
  const [alice, bob] = await users(s, "alice", "bob");
  await using _a = alice;
  await using _b = bob;
  const chat = await alice.chatWith("bob");
  const sent: number[] = [];
  for (let i = 0; i < 25; i++) sent.push(await alice.send(chat, `Quarterly report number ${i}`));
  const best = await alice.send(chat, "report report: the report of reports");
  const first = await alice.search("report", { limit: 10 });
  assert.equal(first.result.hits[0].messageId, best, "the most matches rank first");
  assert.deepEqual(
    first.result.hits.slice(1).map((hit) => hit.messageId),
    sent.toReversed().slice(0, 9),
    "equals newest first",
  );
  const seen = first.result.hits.map((hit) => hit.messageId);
  let after = first.result.next;
  while (after) {
    const page = await alice.search("report", { limit: 10, after });
    seen.push(...page.result.hits.map((hit) => hit.messageId));
    after = page.result.next;
  }
  assert.deepEqual(seen.toSorted(), [...sent, best].toSorted(), "every one once");
}, NO_CONFIRMATION);

serverTest("only messages the searcher may read are found", async (s) => {
  const [alice, bob, carol, dan] = await users(s, "alice", "bob", "carol", "dan");
  await using _a = alice;
  await using _b = bob;
  await using _c = carol;
  await using _d = dan;
  const personal = await alice.chatWith("bob");
  const before = await alice.send(personal, "pineapple before");
  const deleted = await alice.send(personal, "pineapple deleted");
  await alice.socket.request("messages.delete", { messageId: deleted });
  const group = (await alice.socket.request<{ result: { chatId: number } }>("groups.create", {
    title: "Fruit",
    usernames: ["bob", "dan"],
  })).result.chatId;
  const inGroup = await alice.send(group, "pineapple in the group");

  // Bob deletes the personal chat for himself, Dan leaves the group, Carol is in neither.
  assert.equal((await bob.socket.request("chats.delete", { chatId: personal })).status, 200);
  assert.equal((await dan.socket.request("groups.leave", { chatId: group })).status, 200);
  const afterwards = await alice.send(personal, "pineapple afterwards");
  const afterLeaving = await alice.send(group, "pineapple after Dan left");

  const expected: [typeof alice, number[]][] = [
    [alice, [afterLeaving, afterwards, inGroup, before]],
    [bob, [afterLeaving, afterwards, inGroup]],
    [carol, []],
    [dan, [inGroup]],
  ];
  for (const [user, ids] of expected) {
    assert.deepEqual(await user.found("pineapple"), ids);
    assert.deepEqual(await user.found("pinapple"), ids, "by a similar word too");
  }
  assert.deepEqual(
    await carol.found("pineapple", { chatId: personal }),
    [],
    "a chat not one's own",
  );
  assert.deepEqual(await dan.found("", { chatId: group }), [inGroup], "filters alone");
}, NO_CONFIRMATION);

serverTest("filters: chat, sender, files and dates", async (s) => {
  const [alice, bob, carol] = await users(s, "alice", "bob", "carol");
  await using _a = alice;
  await using _b = bob;
  await using _c = carol;
  const withBob = await alice.chatWith("bob");
  const withCarol = await alice.chatWith("carol");
  const photo = await upload(s.url, alice.token, "plan.png", await png(8, 8));
  const fromAlice = await alice.send(withBob, "holiday plans", { attachments: [photo.id] });
  const fromBob = await bob.send(withBob, "holiday plans too");
  const withCarolToo = await carol.send(withCarol, "holiday plans three");

  assert.deepEqual(await alice.found("holiday", { chatId: withBob }), [fromBob, fromAlice]);
  assert.deepEqual(await alice.found("holiday", { from: "BOB" }), [fromBob]);
  assert.deepEqual(await alice.found("holiday", { hasFiles: true }), [fromAlice]);
  assert.deepEqual(await alice.found("", { hasFiles: true }), [fromAlice]);
  const hour = 3_600_000;
  const now = Date.now();
  assert.deepEqual(
    await alice.found("holiday", { since: new Date(now - hour).toISOString() }),
    [withCarolToo, fromBob, fromAlice],
  );
  assert.deepEqual(await alice.found("holiday", { since: new Date(now + hour).toISOString() }), []);
  assert.deepEqual(await alice.found("holiday", { until: new Date(now - hour).toISOString() }), []);

  assert.equal((await alice.search("holiday", { from: "nobody" })).status, 404);
  assert.equal((await alice.search("holiday", { since: "yesterday" })).status, 422);
  assert.equal((await alice.search("x".repeat(201))).status, 422);
  assert.deepEqual(await alice.found(""), [], "nothing asked, nothing found");
  await using stranger = await TestSocket.open(s.wsUrl);
  assert.equal((await stranger.request("messages.search", { query: "holiday" })).status, 401);
}, NO_CONFIRMATION);

dbTest("the search indexes are built once, and a failed build is replaced", async ({ db }) => {
  const names = Object.keys(SEARCH_INDEXES);
  assert.deepEqual((await buildSearchIndexes(db)).toSorted(), names.toSorted());
  assert.deepEqual(await buildSearchIndexes(db), []);
  // What a concurrent build that failed leaves: an index marked invalid.
  await db.query(
    `update pg_index set indisvalid = false
     where indexrelid = (select oid from pg_class where relname = $1
       and relnamespace = current_schema()::regnamespace)`,
    [names[0]],
  );
  assert.deepEqual(await buildSearchIndexes(db), [names[0]]);
  const [valid] = await db.query<{ valid: boolean }>(
    `select bool_and(i.indisvalid) as valid from pg_index i join pg_class c on c.oid = i.indexrelid
     where c.relname = any($1::text[]) and c.relnamespace = current_schema()::regnamespace`,
    [names],
  );
  assert.equal(valid.valid, true);
});

serverTest(
  "a flood of searches is refused beyond the bound, and search goes on after",
  async (s) => {
    const [alice, bob] = await users(s, "alice", "bob");
    await using _a = alice;
    await using _b = bob;
    const chat = await alice.chatWith("bob");
    for (let i = 0; i < 20; i++) await alice.send(chat, `weekly planning notes ${i}`);
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => alice.search("planning")),
    );
    const statuses = Map.groupBy(answers, (answer) => answer.status);
    assert.deepEqual([...statuses.keys()].toSorted(), [200, 503]);
    assert.ok(statuses.get(200)!.length >= 36, `${statuses.get(200)!.length} answered`);
    assert.deepEqual(await bob.found("planning", { limit: 1 }), [(await bob.found("planning"))[0]]);
  },
  NO_CONFIRMATION,
);
