/**
 * Reports: a reader reports a message; admins see it in context and delete it, warn or suspend its
 * sender, or leave it; no one else may.
 */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

const NO_CONFIRMATION = { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } };

async function chatOf(server: TestServer) {
  const alice = await TestSocket.open(server.wsUrl);
  const bob = await TestSocket.open(server.wsUrl);
  const carol = await TestSocket.open(server.wsUrl);
  const ids = {
    alice: (await signUp(alice, "alice")).user.id,
    bob: (await signUp(bob, "bob")).user.id,
    carol: (await signUp(carol, "carol")).user.id,
  };
  const chat = await alice.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const sent: number[] = [];
  for (const text of ["Hello", "Buy cheap watches at spam.example", "Bye"]) {
    const answer = await alice.request<{ result: { message: { id: number } } }>(
      "messages.send",
      { chatId: chat.result.chatId, content: text, clientId: text },
    );
    sent.push(answer.result.message.id);
  }
  return { alice, bob, carol, ids, sent, chatId: chat.result.chatId };
}

serverTest("a reader reports a message; only readers, only others' messages", async (server) => {
  const { alice, bob, carol, sent } = await chatOf(server);
  try {
    const spam = sent[1];
    const report = { messageId: spam, reason: "spam", note: "Not the first time" };
    assert.equal((await bob.request("messages.report", report)).status, 200);
    assert.equal((await bob.request("messages.report", report)).status, 200, "again: nothing new");
    assert.equal((await carol.request("messages.report", report)).status, 423, "not a reader");
    assert.equal((await alice.request("messages.report", report)).status, 409, "one's own");
    const odd = await bob.request("messages.report", { messageId: spam, reason: "boring" });
    assert.equal(odd.status, 422);
    assert.equal(
      (await bob.request("messages.report", { ...report, messageId: 999999 })).status,
      404,
    );
    const rows = await server.services.db.query("select 1 from reports");
    assert.equal(rows.length, 1);
  } finally {
    await Promise.all([alice, bob, carol].map((s) => s[Symbol.asyncDispose]()));
  }
}, NO_CONFIRMATION);

serverTest(
  "admins see reports in context and warn, delete or suspend; no one else may",
  async (server) => {
    const { alice, bob, carol, sent, ids } = await chatOf(server);
    try {
      const admin = new WebClient(server.url);
      await registerThroughForm(admin, "boss");
      await grantRole(server.services.db, null, "boss", "admin");
      const helper = new WebClient(server.url);
      await registerThroughForm(helper, "helper");
      await grantRole(server.services.db, null, "helper", "support");
      const user = new WebClient(server.url);
      await registerThroughForm(user, "plain");
      for (const client of [user, helper]) {
        assert.equal((await client.fetch("/admin/reports")).status, 403);
        const post = await client.post("/admin/reports", {
          messageId: String(sent[1]),
          outcome: "deleted",
        }, "/account");
        assert.equal(post.status, 403);
      }
      assert.equal((await new WebClient(server.url).fetch("/admin/reports")).status, 303);

      await bob.request("messages.report", { messageId: sent[1], reason: "spam" });
      const page = await admin.page("/admin/reports");
      assert.match(page, /bob: Spam/);
      assert.match(page, /class="reported">.*Buy cheap watches/s);
      assert.ok(
        page.indexOf("Hello") < page.indexOf("Buy cheap") &&
          page.indexOf("Buy cheap") < page.indexOf("Bye"),
        "with its neighbours, in order",
      );

      const noReason = await admin.post("/admin/reports", {
        messageId: String(sent[1]),
        outcome: "warned",
        reason: "",
      }, "/admin/reports");
      assert.equal(noReason.status, 422);
      const warned = await admin.post("/admin/reports", {
        messageId: String(sent[1]),
        outcome: "warned",
        reason: "No advertising here.",
      }, "/admin/reports");
      assert.equal(warned.headers.get("location"), "/admin/reports?done");
      assert.match(await admin.page("/admin/reports"), /No reports are waiting/);
      const [mail] = await server.services.db.query<{ body: string }>(
        "select body from outbox where recipient = 'alice@example.com' order by id desc limit 1",
      );
      assert.match(mail.body, /No advertising here\./);

      await bob.request("messages.report", { messageId: sent[2], reason: "abuse" });
      await admin.post(
        "/admin/reports",
        { messageId: String(sent[2]), outcome: "deleted" },
        "/admin/reports",
      );
      const gone = await bob.nextEvent(5_000, ["message.deleted"]);
      assert.deepEqual((gone.data as { id: number }).id, sent[2]);

      await bob.request("messages.report", { messageId: sent[0], reason: "other" });
      await admin.post("/admin/reports", {
        messageId: String(sent[0]),
        outcome: "suspended",
        reason: "Spam, again",
      }, "/admin/reports");
      await alice.nextEvent(5_000, ["session.ended"]);
      const [suspended] = await server.services.db.query<{ reason: string }>(
        "select suspended_reason as reason from users where id = $1",
        [ids.alice],
      );
      assert.equal(suspended.reason, "Spam, again");
      const audit = await server.services.db.query<{ action: string; details: unknown }>(
        "select action, details from audit_log where action in ('report.resolved', 'user.suspended') order by id",
      );
      assert.deepEqual(audit.map((a) => a.action), [
        "report.resolved",
        "report.resolved",
        "user.suspended",
        "report.resolved",
      ]);
      void carol;
    } finally {
      await Promise.all([alice, bob, carol].map((s) => s[Symbol.asyncDispose]()));
    }
  },
  NO_CONFIRMATION,
);
