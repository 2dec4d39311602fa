/** The admin page's figures: counted by the rollup, shown without scanning, sockets included. */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { adminStats } from "../admin/stats.ts";
import { rollUpStats } from "../admin/stats_rollup.ts";
import { serverTest } from "./helpers/server.ts";
import { png, upload } from "./helpers/uploads.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

const MINUTE = 60_000;

serverTest(
  "the admin page counts accounts, messages, groups, files and open sockets",
  async (server) => {
    const { db, processId } = server.services;
    const admin = new WebClient(server.url);
    await registerThroughForm(admin, "boss");
    await grantRole(db, null, "boss", "admin");
    await using ann = await TestSocket.open(server.wsUrl);
    const { token } = await signUp(ann, "ann");
    await using bob = await TestSocket.open(server.wsUrl);
    await signUp(bob, "bob");
    const chat = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
      username: "bob",
    });
    for (const n of [1, 2, 3]) {
      const sent = await ann.request("messages.send", {
        chatId: chat.result.chatId,
        content: `hello ${n}`,
        clientId: `m${n}`,
      });
      assert.equal(sent.status, 200);
    }
    const photo = await upload(server.url, token, "a.png", await png(64, 64));
    await ann.request("messages.send", {
      chatId: chat.result.chatId,
      content: "",
      clientId: "m4",
      attachments: [photo.id],
    });
    const group = await ann.request("groups.create", { title: "Choir", usernames: ["bob"] });
    assert.equal(group.status, 200);

    // What was written a moment ago waits for the next count; a count later takes it in.
    assert.ok(await rollUpStats(db, new Date()));
    let stats = await adminStats(db, new Date(), { processId, sockets: server.services.hub.size });
    assert.equal(stats.days.at(-1)!.messages, 0, "rows younger than a minute wait");
    assert.ok(await rollUpStats(db, new Date(Date.now() + 2 * MINUTE)));
    assert.ok(
      await rollUpStats(db, new Date(Date.now() + 3 * MINUTE)),
      "counting twice adds nothing",
    );
    stats = await adminStats(db, new Date(), { processId, sockets: server.services.hub.size });
    assert.equal(stats.usersTotal, 3);
    assert.equal(stats.groupsTotal, 1);
    assert.equal(stats.filesTotal, 1);
    assert.ok(stats.storageBytes > 0);
    const today = stats.days.at(-1)!;
    // Four sent, and the group's "created" and "added" lines.
    assert.equal(today.messages, 6);
    assert.equal(today.newUsers, 3);
    assert.equal(stats.activeToday, 2, "ann and bob are online; boss has no socket");
    assert.equal(stats.days.length, 30);

    const page = await admin.page("/admin");
    assert.match(page, /<dt>Accounts<\/dt><dd>3<\/dd>/);
    assert.match(page, /<dt>Connections now<\/dt><dd>2<\/dd>/);
    assert.match(page, /<dt>Groups<\/dt><dd>1<\/dd>/);
    assert.match(page, /aria-label="Messages per day: [^"]*Today 6"/);
    const ru = new WebClient(server.url, { "accept-language": "ru" });
    await registerThroughForm(ru, "olga");
    await grantRole(db, null, "olga", "admin");
    // Counted totals: olga joins them at the next count.
    assert.match(await ru.page("/admin"), /<dt>Аккаунты<\/dt><dd>3<\/dd>/);
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
