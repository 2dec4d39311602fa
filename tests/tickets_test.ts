/**
 * Support tickets over HTTP and the socket: opening one (signed in or as a guest), who may read
 * and answer it, staff's answers, notes and statuses, live news, mail, and the limits.
 */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { closeSolved } from "../support/tickets.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";
import { TestSocket } from "./helpers/ws_client.ts";

const DAY = 86_400_000;

async function member(server: TestServer, username: string, role?: "support" | "admin") {
  const client = new WebClient(server.url);
  await registerThroughForm(client, username);
  const db = server.services.db;
  await db.query("update users set email_confirmed_at = now() where username = $1", [username]);
  if (role) await grantRole(db, null, username, role);
  return client;
}

async function socketOf(server: TestServer, client: WebClient): Promise<TestSocket> {
  return await TestSocket.open(server.wsUrl, {
    cookie: `parley_session=${client.cookie("parley_session")}`,
    origin: server.url.origin,
  });
}

const count = async (server: TestServer, table: string) =>
  Number(
    (await server.services.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n,
  );

serverTest(
  "a user asks, support answers and notes, the user reads live and by mail",
  async (server) => {
    const ann = await member(server, "ann");
    const helper = await member(server, "helper", "support");
    const form = "/help/tickets/new";
    for (
      const [fields, status, message] of [
        [{ category: "account", subject: " ", body: "x" }, 422, /Write a subject/],
        [{ category: "account", subject: "Hi", body: "x".repeat(10_001) }, 422, /too long/],
        [{ category: "weather", subject: "Hi", body: "x" }, 422, /Choose a topic/],
      ] as const
    ) {
      const refused = await ann.post(form, fields, form);
      assert.equal(refused.status, status);
      assert.match(await refused.text(), message);
    }
    assert.equal(await count(server, "tickets"), 0, "nothing stored");
    const opened = await ann.post(
      form,
      {
        category: "account",
        subject: "Cannot change my avatar",
        body: "It says the file is large.",
      },
      form,
    );
    assert.equal(opened.status, 303);
    const page = opened.headers.get("location")!.replace("?sent", "");
    const id = Number(page.split("/").at(-1));
    assert.match(await ann.page(`${page}?sent`), /Your request was sent/);
    assert.match(
      await ann.page("/help/tickets"),
      /Cannot change my avatar<\/a> <span class="status status-new">New/,
    );

    await using annSocket = await socketOf(server, ann);
    const queue = await helper.page("/admin/tickets");
    assert.match(queue, new RegExp(`href="/admin/tickets/${id}">Cannot change my avatar`));
    const staffPage = `/admin/tickets/${id}`;
    const note = await helper.post(
      staffPage,
      { action: "answer", body: "Probably the 5 MB limit.", internal: "on", status: "waiting" },
      staffPage,
    );
    assert.equal(note.status, 303);
    const answered = await helper.post(
      staffPage,
      {
        action: "answer",
        body: "Avatars may be up to 5 MB: try a smaller picture.",
        status: "waiting",
      },
      staffPage,
    );
    assert.equal(answered.status, 303);
    await annSocket.nextEvent(5_000, ["ticket.updated"]);
    const thread = await annSocket.request<{
      result: { ticket: { status: string }; messages: { body: string; fromStaff: boolean }[] };
    }>("tickets.thread", { ticketId: id });
    assert.equal(thread.result.ticket.status, "waiting");
    assert.deepEqual(thread.result.messages.map((m) => m.fromStaff), [false, true], "no note");
    assert.doesNotMatch(await ann.page(page), /5 MB limit/, "nor on the page");
    assert.match(await helper.page(staffPage), /Probably the 5 MB limit/, "staff see their note");
    const [mail] = await server.services.db.query<{ subject: string; body: string }>(
      "select subject, body from outbox where recipient = 'ann@example.com' order by id desc limit 1",
    );
    assert.match(mail.subject, new RegExp(`Re: Cannot change my avatar \\[request #${id}\\]`));
    assert.match(mail.body, /try a smaller picture/);
    assert.ok(mail.body.includes(`${page}`), "with the link back");
    assert.doesNotMatch(mail.body, /5 MB limit/);

    // Solved, answered again: open. Solved a week ago: closed, and it takes no more.
    await helper.post(staffPage, { action: "status", status: "solved" }, staffPage);
    const answer = await annSocket.request("tickets.answer", {
      ticketId: id,
      body: "Still fails.",
    });
    assert.equal(answer.status, 200);
    assert.match(await helper.page(staffPage), /status-open/);
    await helper.post(staffPage, { action: "status", status: "solved" }, staffPage);
    assert.equal(await closeSolved(server.services.db, new Date(Date.now() + 6 * DAY)), 0);
    assert.equal(await closeSolved(server.services.db, new Date(Date.now() + 8 * DAY)), 1);
    const late = await annSocket.request("tickets.answer", { ticketId: id, body: "Hello?" });
    assert.equal(late.status, 409);
    const actions = await server.services.db.query<{ action: string }>(
      "select action from audit_log where action like 'ticket.%' order by id",
    );
    assert.deepEqual(actions.map((a) => a.action), [
      "ticket.noted",
      "ticket.answered",
      "ticket.status",
      "ticket.status",
    ]);
  },
);

serverTest(
  "a ticket is its asker's and staff's only; support routes are staff's",
  async (server) => {
    const ann = await member(server, "ann");
    const bob = await member(server, "bob");
    const helper = await member(server, "helper", "support");
    const boss = await member(server, "boss", "admin");
    const visitor = new WebClient(server.url);
    const opened = await ann.post(
      "/help/tickets/new",
      { category: "bug", subject: "Private", body: "My secret problem" },
      "/help/tickets/new",
    );
    const id = Number(opened.headers.get("location")!.match(/(\d+)/)![1]);
    assert.equal((await bob.fetch(`/help/tickets/${id}`)).status, 404);
    const bobPost = await bob.post(
      `/help/tickets/${id}`,
      { body: "mine now" },
      "/help/tickets/new",
    );
    assert.equal(bobPost.status, 404);
    await using bobSocket = await socketOf(server, bob);
    assert.equal((await bobSocket.request("tickets.thread", { ticketId: id })).status, 404);
    assert.equal(
      (await bobSocket.request("tickets.answer", { ticketId: id, body: "x" })).status,
      404,
    );
    assert.equal((await bobSocket.request("tickets.thread", { ticketId: "1" })).status, 422);
    assert.equal(await count(server, "ticket_messages"), 1, "nothing of theirs stored");

    for (const path of ["/admin/tickets", `/admin/tickets/${id}`, "/admin/canned"]) {
      const away = await visitor.fetch(path);
      assert.equal(away.status, 303, `a visitor at ${path}`);
      assert.equal((await bob.fetch(path)).status, 403, `a user at ${path}`);
      assert.equal((await helper.fetch(path)).status, 200, `support at ${path}`);
      assert.equal((await boss.fetch(path)).status, 200, `an admin at ${path}`);
    }
    for (
      const [path, fields] of [
        [`/admin/tickets/${id}`, { action: "status", status: "solved" }],
        ["/admin/canned", { action: "add", title: "Hi", body: "Hello" }],
      ] as const
    ) {
      assert.equal(
        (await bob.post(path, fields, "/account")).status,
        403,
        `a user posting ${path}`,
      );
    }
    assert.doesNotMatch(
      await helper.page(`/admin/tickets/${id}`),
      /href="\/admin\/users"/,
      "support sees tickets, not users",
    );
    await using staffSocket = await socketOf(server, helper);
    const seen = await staffSocket.request<{ result: { messages: unknown[] } }>(
      "tickets.thread",
      { ticketId: id },
    );
    assert.equal(seen.result.messages.length, 1, "staff read any ticket");

    // A canned reply starts an answer; what is typed follows it.
    await helper.post("/admin/canned", {
      action: "add",
      title: "Thanks",
      body: "Thank you for writing.",
    }, "/admin/canned");
    const [canned] = await server.services.db.query<{ id: number }>(
      "select id from canned_replies",
    );
    await helper.post(
      `/admin/tickets/${id}`,
      { action: "answer", canned: String(canned.id), body: "We are on it.", status: "open" },
      `/admin/tickets/${id}`,
    );
    assert.match(
      await ann.page(`/help/tickets/${id}`),
      /Thank you for writing\.\n\nWe are on it\./,
    );
    const assigned = await helper.post(
      `/admin/tickets/${id}`,
      {
        action: "assign",
        assignee: String(
          (await server.services.db.query<{ id: number }>(
            "select id from users where username = 'bob'",
          ))[0].id,
        ),
      },
      `/admin/tickets/${id}`,
    );
    assert.equal(assigned.status, 422, "only staff are assigned");
  },
);

serverTest(
  "a guest asks with an address, reads and answers by the mailed link; limits hold",
  async (server) => {
    const guest = new WebClient(server.url);
    const form = "/help/tickets/new";
    const sent = await guest.post(
      form,
      {
        email: "lost@example.com",
        category: "account",
        subject: "Locked out",
        body: "Lost my phone",
      },
      form,
    );
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /A link to it went to lost@example\.com/);
    const [mail] = await server.services.db.query<{ body: string }>(
      "select body from outbox where recipient = 'lost@example.com'",
    );
    const link = new URL(mail.body.match(/(http\S+\/help\/tickets\/guest\/\S+)/)![1]);
    const page = await guest.page(link.pathname);
    assert.match(page, /Lost my phone/);
    const forged = link.pathname.replace(/\.(.)/, (_, c) => `.${c === "a" ? "b" : "a"}`);
    assert.equal((await guest.fetch(forged)).status, 404);
    const otherId = link.pathname.replace(/guest\/(\d+)\./, (_, n) => `guest/${Number(n) + 1}.`);
    assert.equal((await guest.fetch(otherId)).status, 404);
    const answered = await guest.post(link.pathname, { body: "My username is ann" }, link.pathname);
    assert.equal(answered.status, 303);
    assert.match(await guest.page(link.pathname), /My username is ann/);
    const noAddress = await guest.post(form, {
      email: "nope",
      category: "account",
      subject: "x",
      body: "y",
    }, form);
    assert.equal(noAddress.status, 422);

    // Three an hour for one address, counted together when sent at once.
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const stranger = new WebClient(server.url);
        const response = await stranger.post(
          form,
          { email: "flood@example.com", category: "other", subject: "Spam", body: "Spam" },
          form,
        );
        await response.body?.cancel();
        return response.status;
      }),
    );
    assert.deepEqual(answers.toSorted(), [200, 200, 200, 429, 429, 429]);
  },
);
