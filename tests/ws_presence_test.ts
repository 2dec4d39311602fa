/**
 * Presence told at once: someone's first connection and their last one closing reach the people
 * they have a personal chat with who may see it, within moments, not at the next renewal.
 */
import assert from "node:assert/strict";
import { endLapsed } from "../chats/presence.ts";
import { serverTest } from "./helpers/server.ts";
import { signUp, TestSocket } from "./helpers/ws_client.ts";

type Push = { event: string; data: Record<string, unknown> };

serverTest("coming online and leaving are told to those who may see it", async (server) => {
  await using bob = await TestSocket.open(server.wsUrl);
  const first = await TestSocket.open(server.wsUrl);
  const ann = await signUp(first, "ann");
  await signUp(bob, "bob");
  const { result: { chatId } } = await first.request<{ result: { chatId: number } }>(
    "chats.openPersonal",
    { username: "bob" },
  );
  await first[Symbol.asyncDispose]();
  const gone = await bob.nextEvent() as unknown as Push;
  assert.deepEqual([gone.event, gone.data.userId, gone.data.online], [
    "presence",
    ann.user.id,
    false,
  ]);
  assert.ok(gone.data.lastSeenAt);

  const cookie = { cookie: `parley_session=${ann.token}` };
  {
    await using again = await TestSocket.open(server.wsUrl, cookie);
    const back = await bob.nextEvent() as unknown as Push;
    assert.deepEqual([back.event, back.data.userId, back.data.online], [
      "presence",
      ann.user.id,
      true,
    ]);
    // A second connection of the same user tells nothing new.
    await using also = await TestSocket.open(server.wsUrl, cookie);
    await also.request("messages.send", { chatId, content: "hi", clientId: "a1" });
    assert.equal((await bob.nextEvent() as unknown as Push).event, "message.new");
    void again;
  }
  await bob.nextEvent(); // she left

  // Hidden from everyone: her coming and going are not told.
  await server.services.db.query(
    "update users set last_seen_visible_to = 'nobody' where id = $1",
    [ann.user.id],
  );
  {
    await using hidden = await TestSocket.open(server.wsUrl, cookie);
    await hidden.request("messages.send", { chatId, content: "unseen", clientId: "a2" });
    assert.equal((await bob.nextEvent() as unknown as Push).event, "message.new");
  }
}, { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } });

serverTest(
  "a process that went without telling: its users' lapsed presence is told",
  async (server) => {
    await using bob = await TestSocket.open(server.wsUrl);
    await using ann = await TestSocket.open(server.wsUrl);
    const { user } = await signUp(ann, "ann");
    await signUp(bob, "bob");
    await ann.request("chats.openPersonal", { username: "bob" });
    // As if another process had held her socket and stopped renewing it: her lease has run out.
    await server.services.db.query(
      "update users set online_until = now() - interval '1 second' where id = $1",
      [user.id],
    );
    assert.equal(await endLapsed(server.services.db), 1);
    const told = await bob.nextEvent(5_000, ["presence"]) as unknown as Push;
    assert.deepEqual([told.data.userId, told.data.online], [user.id, false]);
    assert.equal(await endLapsed(server.services.db), 0, "told once");
  },
  { env: { REQUIRE_EMAIL_CONFIRMATION: "false" } },
);
