/** The one event path: in this process at once, in the others by NOTIFY, each change once. */
import assert from "node:assert/strict";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { groupChat } from "../tests/helpers/chats.ts";
import { DB_KINDS, openTestDb } from "../tests/helpers/db.ts";
import { type Delivery } from "./events.ts";
import { type Announcement, listen, payloads, subscribe } from "./event_bus.ts";
import { deleteMessage, editMessage, typing } from "./manage.ts";
import { sendMessage } from "./messages.ts";
import { markRead } from "./reads.ts";
import { openPersonalChat } from "./personal.ts";

const CONFIRMATION = { requireEmailConfirmation: true };

Deno.test("announcements stay under NOTIFY's limit and carry messages by id", () => {
  const message = {
    id: 7,
    chatId: 1,
    seq: 1,
    senderId: 1,
    senderName: "Ann",
    senderDeleted: false,
    senderAvatarVersion: 0,
    content: "я".repeat(4000),
    contentType: "text" as const,
    clientId: null,
    replyTo: null,
    createdAt: new Date(),
    editedAt: null,
    attachments: [],
    html: "",
  };
  const many = Array.from({ length: 2000 }, (_, i) => i + 1);
  const deliveries: Delivery[] = [
    { event: { event: "message.new", data: message }, userIds: [1, 2] },
    ...Array.from({ length: 300 }, (_, i): Delivery => ({
      event: { event: "typing", data: { chatId: i, userId: 1 } },
      userIds: [1, 2],
    })),
    { event: { event: "chat.deleted", data: { chatId: 5 } }, userIds: many },
  ];
  const sent = payloads("here", deliveries);
  assert.ok(sent.length > 1);
  for (const payload of sent) assert.ok(new TextEncoder().encode(payload).length < 8000);
  const events = sent.flatMap((p) => (JSON.parse(p) as Announcement).events);
  assert.equal(events.length, deliveries.length);
  assert.deepEqual(events[0], { event: "message.new", messageId: 7 });
  assert.deepEqual(events[1], { event: "typing", data: { chatId: 0, userId: 1 }, userIds: [1, 2] });
  assert.deepEqual(events.at(-1), { event: "chat.deleted", data: { chatId: 5 } });
});

// Two pools on one database stand for two processes: PostgreSQL only (PGlite is one process's).
Deno.test({
  name: "another process gets each chat event once, in order, with its members (postgres)",
  ignore: !DB_KINDS.includes("postgres"),
}, async () => {
  await using t = await openTestDb("postgres");
  const here = t.db;
  const there = t.openAnother();
  const { ann, bob, cat } = await confirmedUsers(here, "ann", "bob", "cat");
  const personal = await openPersonalChat(here, CONFIRMATION, ann, { userId: bob });
  const group = await groupChat(here, "Trio", ann, [ann, bob, cat]);

  const heardHere: Delivery[] = [];
  const heardThere: Delivery[] = [];
  subscribe(here, (d) => heardHere.push(...d));
  subscribe(there, (d) => heardThere.push(...d));
  const errors: unknown[] = [];
  const stopHere = await listen(here, (error) => errors.push(error));
  const stopThere = await listen(there, (error) => errors.push(error));
  /** Waits until the other process has heard `count` events in all. */
  const heardThereBy = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (heardThere.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(heardThere.length, count, "heard by the other process");
  };
  try {
    const first = await sendMessage(here, ann, { chatId: personal, content: "hi" });
    await heardThereBy(1);
    const second = await sendMessage(here, cat, { chatId: group, content: "all" });
    await heardThereBy(2);
    await markRead(here, bob, personal, first.id);
    await heardThereBy(3);
    const edited = await editMessage(here, ann, first.id, "hello");
    await heardThereBy(4);
    await typing(here, cat, group);
    await deleteMessage(here, cat, second.id);
    await heardThereBy(6);
    const expected: Delivery[] = [
      { event: { event: "message.new", data: first }, userIds: [ann, bob] },
      { event: { event: "message.new", data: second }, userIds: [ann, bob, cat] },
      {
        event: {
          event: "chat.read",
          data: { chatId: personal, userId: bob, messageId: first.id },
        },
        userIds: [ann, bob],
      },
      { event: { event: "message.edited", data: edited }, userIds: [ann, bob] },
      {
        event: { event: "typing", data: { chatId: group, userId: cat } },
        userIds: [ann, bob, cat],
      },
      {
        event: { event: "message.deleted", data: { chatId: group, id: second.id } },
        userIds: [ann, bob, cat],
      },
    ];
    assert.deepEqual(heardHere, expected);
    assert.deepEqual(heardThere, expected);
    assert.deepEqual(errors, []);
  } finally {
    await stopHere();
    await stopThere();
  }
});
