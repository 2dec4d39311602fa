/**
 * Text the database cannot keep (U+0000, lone surrogates) is refused with 422 by every method that
 * takes text, in both protocols, and the connection goes on.
 */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { serverTest } from "./helpers/server.ts";
import { TestSocket } from "./helpers/ws_client.ts";

const BAD = [
  { text: "a\u0000b", rule: /U\+0000/ },
  { text: "a\ud800b", rule: /lone surrogates/ },
];

/** Each method with text, and its parameters with `bad` in one text field. */
function requests(bad: string, chatId: number, messageId: number): [string, unknown][] {
  return [
    ["auth.register", { username: bad, email: "x@example.com", password: GOOD_PASSWORD }],
    ["auth.login", { login: bad, password: "x" }],
    ["auth.loginCode", { ticket: "t", code: bad }],
    ["chats.openPersonal", { username: bad }],
    ["messages.send", { chatId, content: bad, clientId: "c1" }],
    ["messages.send", { chatId, content: "ok", clientId: bad }],
    ["messages.edit", { messageId, content: bad }],
    ["contacts.search", { query: bad }],
    ["contacts.add", { username: bad }],
    ["blocks.add", { username: bad }],
    ["twoFactor.enable", { code: bad }],
    ["twoFactor.disable", { password: bad, code: "123456" }],
  ];
}

serverTest(
  "text the database cannot keep gets 422 from every method, v2 and v1",
  async (server) => {
    await using ann = await TestSocket.open(server.wsUrl);
    const registered = await ann.request<{ result: { token: string } }>("auth.register", {
      username: "ann",
      email: "ann@example.com",
      password: GOOD_PASSWORD,
    });
    await using bob = await TestSocket.open(server.wsUrl);
    await bob.request("auth.register", {
      username: "bob",
      email: "bob@example.com",
      password: GOOD_PASSWORD,
    });
    const opened = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
      username: "bob",
    });
    const chatId = opened.result.chatId;
    const sent = await ann.request<{ result: { message: { id: number } } }>("messages.send", {
      chatId,
      content: "first",
      clientId: "first",
    });
    const messageId = sent.result.message.id;

    for (const { text, rule } of BAD) {
      for (const [method, params] of requests(text, chatId, messageId)) {
        const answer = await ann.request<{ status: number; error: { message: string } }>(
          method,
          params,
        );
        assert.equal(answer.status, 422, `${method} ${JSON.stringify(params)}`);
        assert.match(answer.error.message, rule, method);
      }
      for (
        const frame of [
          { mode: "auth", username: text, password: "x" },
          { mode: "register", username: text, password: GOOD_PASSWORD, email: "y@example.com" },
          { mode: "sendMessage", token: registered.result.token, chat_id: chatId, content: text },
          {
            mode: "createChat",
            token: registered.result.token,
            contact_value: text,
            contact_mode: "username",
          },
        ]
      ) {
        ann.send({ timestamp: "2024-05-01 10:00:00", ...frame });
        const answer = await ann.next<{ status: string }>();
        assert.equal(answer.status, "422", `v1 ${frame.mode}: ${JSON.stringify(answer)}`);
      }
    }
    const [{ count }] = await server.services.db.query<{ count: number }>(
      "select count(*)::int as count from messages",
    );
    assert.equal(count, 1, "nothing stored");
    assert.equal((await ann.request<{ status: number }>("ping")).status, 200, "still connected");
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
