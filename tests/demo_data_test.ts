/** Demo accounts have published passwords: where they exist, signed-in visitors are told. */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { listChats } from "../chats/list.ts";
import { startTestServer } from "./helpers/server.ts";
import { WebClient } from "./helpers/web_client.ts";

const BANNER = /demo accounts with published passwords/;

Deno.test("signed in where the demo accounts exist, every page says so", async () => {
  await using server = await startTestServer({ env: { DEMO_DATA: "true" } });
  const client = new WebClient(server.url);
  const signedIn = await client.post("/login", { login: "test", password: "test" }, "/");
  assert.equal(signedIn.status, 303);
  assert.match(await client.page("/im"), BANNER);
  assert.match(await client.page("/account"), BANNER);
  assert.doesNotMatch(await new WebClient(server.url).page("/"), BANNER, "not to visitors");
});

Deno.test("without demo accounts there is no such banner", async () => {
  await using server = await startTestServer({ env: { DEMO_DATA: "false" } });
  const client = new WebClient(server.url);
  await client.post("/register", {
    username: "nadia",
    email: "nadia@example.com",
    password: GOOD_PASSWORD,
  });
  assert.doesNotMatch(await client.page("/im"), BANNER);
});

Deno.test("the demo group has an owner and an admin, as a group made in Parley has", async () => {
  await using server = await startTestServer({ env: { DEMO_DATA: "true" } });
  const roles = await server.services.db.query<{ username: string; role: string }>(
    `select u.username, m.role from chat_members m join chats c on c.id = m.chat_id
     join users u on u.id = m.user_id where c.kind = 'group' order by u.username`,
  );
  assert.deepEqual(roles.map((r) => [r.username, r.role]), [
    ["alice", "admin"],
    ["boris", "member"],
    ["carol", "owner"],
    ["test", "member"],
  ]);
});

Deno.test("in the demo, what someone wrote last and before is not unread to them", async () => {
  await using server = await startTestServer({ env: { DEMO_DATA: "true" } });
  const { db } = server.services;
  const [test] = await db.query<{ id: number }>("select id from users where username = 'test'");
  for (const chat of await listChats(db, test.id)) {
    if (chat.last?.senderId === test.id) assert.equal(chat.unread, 0, chat.title);
  }
  assert.ok((await listChats(db, test.id)).some((chat) => chat.last?.senderId === test.id));
});
