/**
 * Files on tickets: uploaded as for chats, attached to a ticket's message, readable by its asker
 * and the staff (not the asker for staff's notes), never swept, never sent twice.
 */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { sweepUploads } from "../files/sweep.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { png, upload } from "./helpers/uploads.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

async function member(server: TestServer, username: string, role?: "support") {
  const client = new WebClient(server.url);
  await registerThroughForm(client, username);
  if (role) await grantRole(server.services.db, null, username, role);
  // The session cookie is the token other HTTP clients send as Bearer.
  return { client, token: client.cookie("parley_session")! };
}

serverTest("a ticket's files reach its asker and the staff, and no one else", async (server) => {
  const ann = await member(server, "ann");
  const bob = await member(server, "bob");
  const helper = await member(server, "helper", "support");
  const shot = await upload(server.url, ann.token, "screenshot.png", await png(40, 30));
  const form = "/help/tickets/new";
  const opened = await ann.client.post(
    form,
    { category: "bug", subject: "Broken", body: "See the picture", attachments: shot.id },
    form,
  );
  assert.equal(opened.status, 303, await opened.text());
  const page = opened.headers.get("location")!.replace("?sent", "");
  const id = Number(page.split("/").at(-1));
  assert.match(
    await ann.client.page(page),
    new RegExp(`href="/files/${shot.id}"[^>]*>.*screenshot\\.png`, "s"),
  );
  const file = `/files/${shot.id}`;
  assert.equal((await helper.client.fetch(file)).status, 200, "staff read it");
  assert.equal((await bob.client.fetch(file)).status, 404, "no one else");

  const note = await upload(
    server.url,
    helper.token,
    "internal.txt",
    new TextEncoder().encode("x"),
  );
  const staffPage = `/admin/tickets/${id}`;
  const noted = await helper.client.post(
    staffPage,
    { action: "answer", body: "", internal: "on", attachments: note.id },
    staffPage,
  );
  assert.equal(noted.status, 303, "files alone make a note");
  assert.equal((await helper.client.fetch(`/files/${note.id}`)).status, 200);
  assert.equal(
    (await ann.client.fetch(`/files/${note.id}`)).status,
    404,
    "a note's files stay staff's",
  );

  const again = await ann.client.post(`/help/tickets/${id}`, {
    body: "Again",
    attachments: shot.id,
  }, page);
  assert.equal(again.status, 422, "a file is sent once");
  const swept = await sweepUploads(
    server.services.db,
    server.services.files,
    new Date(Date.now() + 3 * 86_400_000),
  );
  assert.equal(swept, 0, "files on tickets are kept");
  assert.equal((await ann.client.fetch(file)).status, 200);
});
