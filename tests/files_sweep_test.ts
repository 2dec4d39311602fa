/**
 * The sweeper lets go of files no message needs: uploads not sent within a day and those of
 * deleted messages; bytes that another upload names stay.
 */
import assert from "node:assert/strict";
import { DB_KINDS, type DbKind, openTestDb } from "./helpers/db.ts";
import { startS3 } from "./helpers/s3.ts";
import { startTestServer } from "./helpers/server.ts";
import { upload } from "./helpers/uploads.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

for (const kind of DB_KINDS) {
  for (const storage of ["local", "s3"] as const) {
    Deno.test({
      name: `files no message needs are swept (${kind}, ${storage})`,
      // s3rver's own timers outlive a test by a moment.
      sanitizeOps: storage === "local",
      sanitizeResources: storage === "local",
      fn: () => sweepTest(kind, storage),
    });
  }
}

async function sweepTest(kind: DbKind, storage: "local" | "s3") {
  await using s3 = storage === "s3" ? await startS3() : undefined;
  await using test = await openTestDb(kind);
  let now = new Date();
  await using server = await startTestServer({
    db: test.db,
    clock: () => now,
    env: { REQUIRE_EMAIL_CONFIRMATION: "false", ...s3?.env },
  });
  await using ann = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  await signUp(bob, "bob");
  const chat = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const chatId = chat.result.chatId;
  const bytes = (text: string) => new TextEncoder().encode(text);
  const send = async (id: string, clientId: string) =>
    (await ann.request<{ result: { message: { id: number } } }>("messages.send", {
      chatId,
      content: "",
      clientId,
      attachments: [id],
    })).result.message.id;

  const kept = await upload(server.url, token, "kept.txt", bytes("shared bytes"));
  await send(kept.id, "kept");
  const deleted = await upload(server.url, token, "deleted.txt", bytes("shared bytes"));
  const doomed = await send(deleted.id, "doomed");
  await ann.request("messages.delete", { messageId: doomed });
  await upload(server.url, token, "unsent.txt", bytes("never sent"));

  const stored = async () => (await test.db.query<{ name: string; sha256: string }>(
    "select name, sha256 from uploads order by name",
  ));
  const inStorage = async (sha256: string) => {
    try {
      await (await server.services.files.read(sha256)).cancel();
      return true;
    } catch {
      return false;
    }
  };
  const [unsentRow] = (await stored()).filter((u) => u.name === "unsent.txt");

  await server.sweeper.sweep();
  assert.deepEqual(
    (await stored()).map((u) => u.name),
    ["kept.txt", "unsent.txt"],
    "the deleted message's file goes at once; an unsent one waits a day",
  );

  now = new Date(now.getTime() + 25 * 3600_000);
  await server.sweeper.sweep();
  assert.deepEqual((await stored()).map((u) => u.name), ["kept.txt"]);
  const [keptRow] = await stored();
  assert.equal(await inStorage(keptRow.sha256), true, "the bytes another upload names stay");
  assert.equal(await inStorage(unsentRow.sha256), false, "the unsent file's bytes are gone");
}
