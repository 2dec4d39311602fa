/** The chat list: who each chat is with, its last message and unread count, newest first. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { groupChat } from "../tests/helpers/chats.ts";
import { listChats } from "./list.ts";
import { sendMessage } from "./messages.ts";
import { markRead } from "./reads.ts";
import { openPersonalChat } from "./personal.ts";

const CONFIG = { requireEmailConfirmation: true };

dbTest(
  "a personal chat shows the other member, a group its title and members",
  async ({ db }) => {
    const { ann, bob, cat, dan, eve } = await confirmedUsers(db, "ann", "bob", "cat", "dan", "eve");
    // Ann has the higher id in one pair and the lower in the other.
    const withAnn = await openPersonalChat(db, CONFIG, bob, { userId: ann });
    const withDan = await openPersonalChat(db, CONFIG, bob, { userId: dan });
    const group = await groupChat(db, "Team", cat, [dan, bob, cat]);
    await db.query("update users set display_name = 'Dan D.' where id = $1", [dan]);
    await db.query("update users set display_name = 'Боб' where id = $1", [bob]);
    await sendMessage(db, ann, { chatId: withAnn, content: "first" });
    await sendMessage(db, cat, { chatId: group, content: "second" });
    const read = await sendMessage(db, bob, { chatId: withDan, content: "third" });
    await markRead(db, bob, withDan, read.id);

    const chats = await listChats(db, bob);
    assert.deepEqual(chats.map((c) => [c.id, c.kind, c.title, c.other?.id]), [
      [withDan, "personal", "Dan D.", dan],
      [group, "group", "Team", undefined],
      [withAnn, "personal", "ann", ann],
    ]);
    assert.deepEqual(chats[1].group, {
      description: "",
      pictureVersion: 0,
      memberCount: 3,
      role: "member",
      left: false,
    });
    assert.deepEqual(chats[0].other, {
      id: dan,
      username: "dan",
      avatarVersion: 0,
      deleted: false,
    });
    assert.equal(chats[1].other, undefined);
    assert.deepEqual(
      chats.map((c) => [c.last?.content, c.last?.senderId, c.unread]),
      [["third", bob, 0], ["second", cat, 1], ["first", ann, 1]],
    );
    // Sent by the user, by the other member of a personal chat, and by a member of a group.
    assert.deepEqual(chats.map((c) => c.last?.senderName), ["Боб", "cat", "ann"]);
    assert.deepEqual(chats[0].last?.at, read.createdAt);
    assert.deepEqual(await listChats(db, eve), []);

    await db.query("update users set deleted_at = now() where id = $1", [ann]);
    const [annChat] = (await listChats(db, bob)).filter((c) => c.id === withAnn);
    assert.equal(annChat.other?.deleted, true);
    assert.deepEqual((await listChats(db, ann)).map((c) => c.other?.id), [bob]);
  },
);
