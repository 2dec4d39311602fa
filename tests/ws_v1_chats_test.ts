/** A client of the original protocol (v1) creates a chat, sends and reads its messages. */
import assert from "node:assert/strict";
import { serverTest } from "./helpers/server.ts";
import { registerV1, TestSocket, v1Request } from "./helpers/ws_client.ts";

const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

const keys = (value: unknown) => Object.keys(value as object).sort();

serverTest("a v1 client creates a chat, sends and reads its messages", async (server) => {
  await using client = await TestSocket.open(server.wsUrl);
  const register = (username: string) => registerV1(client, username);
  const ann = await register("ann");
  const bob = await register("bob");

  assert.equal((await v1Request(client, { mode: "getChats" })).status, "401", "no token, no chats");
  const created = await v1Request(client, {
    mode: "createChat",
    token: ann,
    contact_value: "bob",
    contact_mode: "username",
  });
  assert.deepEqual(keys(created), ["chat_id", "mode", "status", "timestamp"]);
  assert.equal(created.status, "200");
  const [bobRow] = await server.services.db.query<{ id: number }>(
    "select id from users where username = 'bob'",
  );
  const byId = await v1Request(client, {
    mode: "createChat",
    token: bob,
    contact_value: String(bobRow.id - 1),
    contact_mode: "id",
  });
  assert.equal(byId.chat_id, created.chat_id, "one chat per pair, from either side");
  const missing = await v1Request(client, {
    mode: "createChat",
    token: ann,
    contact_value: "ghost",
    contact_mode: "username",
  });
  assert.equal(missing.status, "409");

  const sent = await v1Request(client, {
    mode: "sendMessage",
    token: ann,
    chat_id: created.chat_id,
    content: "Привет, **Боб**",
    content_type: "text",
  });
  assert.deepEqual(keys(sent), ["mode", "status", "timestamp"]);
  assert.equal(sent.status, "200");
  await v1Request(client, {
    mode: "sendMessage",
    token: bob,
    chat_id: String(created.chat_id),
    content: "hi",
    content_type: "text",
  });

  const read = await v1Request(client, {
    mode: "getMessages",
    token: bob,
    chat_id: created.chat_id,
  });
  const messages = read.messages as Record<string, unknown>[];
  assert.equal(messages.length, 2);
  assert.deepEqual(keys(messages[0]), [
    "content",
    "content_time",
    "content_type",
    "from_id",
    "from_name",
  ]);
  assert.deepEqual(messages.map((m) => m.content), ["Привет, **Боб**", "hi"], "oldest first");
  assert.match(messages[0].content_time as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(messages[0].from_name, "ann");

  const [first] = await server.services.db.query<{ id: number }>(
    "select min(id) as id from messages",
  );
  const after = await v1Request(client, {
    mode: "getMessages",
    token: bob,
    chat_id: created.chat_id,
    min_message_id: first.id,
  });
  assert.deepEqual((after.messages as { content: string }[]).map((m) => m.content), ["hi"]);

  const chats = await v1Request(client, { mode: "getChats", token: ann });
  const [chat] = chats.chats as Record<string, unknown>[];
  assert.deepEqual(keys(chat), [
    "chat_id",
    "chat_members",
    "chat_name",
    "chat_type",
    "last_message_sender",
    "last_message_text",
    "last_message_time",
  ]);
  assert.deepEqual([chat.chat_name, chat.chat_type, chat.chat_members, chat.last_message_text], [
    "bob",
    "personal",
    bobRow.id,
    "hi",
  ]);

  const eve = await register("eve");
  assert.equal(
    (await v1Request(client, { mode: "getMessages", token: eve, chat_id: created.chat_id })).status,
    "423",
  );
  assert.equal(
    (await v1Request(client, {
      mode: "sendMessage",
      token: eve,
      chat_id: created.chat_id,
      content: "x",
      content_type: "text",
    })).status,
    "423",
  );
  assert.equal(
    (await v1Request(client, { mode: "getMessages", token: ann, chat_id: "abc" })).status,
    "422",
  );
}, NO_CONFIRMATION);
