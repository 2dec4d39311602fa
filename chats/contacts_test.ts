/** Finding, adding and blocking people; editing, deleting and hiding; all under the rules. */
import assert from "node:assert/strict";
import { dbTest } from "../tests/helpers/db.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { listChats } from "./list.ts";
import { addContact, block, listContacts, searchPeople, unblock } from "./contacts.ts";
import { deleteChat, deleteMessage, editMessage, muteChat } from "./manage.ts";
import { history, sendMessage } from "./messages.ts";
import { openPersonalChat } from "./personal.ts";

const CONFIG = { requireEmailConfirmation: true };

dbTest("search finds people by username prefix as their privacy allows", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob", "bobby", "boris_", "carl");
  const names = async (viewer: number, query: string) =>
    (await searchPeople(db, viewer, query)).map((p) => p.username);
  assert.deepEqual(await names(ann, "BO"), ["bob", "bobby", "boris_"]);
  assert.deepEqual(await names(ann, "bob@example.com"), ["bob"], "a whole address finds its owner");
  assert.deepEqual(await names(ann, "bo_"), [], "LIKE wildcards are plain text");
  assert.deepEqual(await names(ann, ""), []);
  assert.deepEqual(await names(bob, "bob"), ["bobby"], "not oneself");

  await db.query("update users set find_by = 'nobody' where username = 'bobby'");
  await db.query("update users set find_by = 'contacts' where username = 'boris_'");
  assert.deepEqual(await names(ann, "bo"), ["bob"]);
  await db.query(
    "insert into contacts (owner_id, contact_id) select id, $1 from users where username = 'boris_'",
    [ann],
  );
  assert.deepEqual(await names(ann, "bo"), ["bob", "boris_"], "boris_ lets his contacts find him");

  await block(db, bob, { userId: ann });
  assert.deepEqual(await names(ann, "bo"), ["boris_"], "whoever blocked you does not turn up");
});

dbTest("contacts: add, list, and a block removes and forbids them", async ({ db }) => {
  const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
  await addContact(db, ann, { username: "bob" });
  await addContact(db, ann, { userId: cat });
  await addContact(db, ann, { userId: cat });
  assert.deepEqual((await listContacts(db, ann)).map((p) => p.username), ["bob", "cat"]);
  await assert.rejects(addContact(db, ann, { userId: ann }), httpStatus(422));
  await assert.rejects(addContact(db, ann, { username: "ghost" }), httpStatus(404));

  await block(db, bob, { userId: ann });
  assert.deepEqual((await listContacts(db, ann)).map((p) => p.username), ["cat"]);
  await assert.rejects(addContact(db, ann, { userId: bob }), httpStatus(403));
  await assert.rejects(openPersonalChat(db, CONFIG, ann, { userId: bob }), httpStatus(403));
  await unblock(db, bob, ann);
  assert.ok(await addContact(db, ann, { userId: bob }));
});

dbTest("only the sender edits or deletes a message", async ({ db }) => {
  const { ann, bob } = await confirmedUsers(db, "ann", "bob");
  const chatId = await openPersonalChat(db, CONFIG, ann, { userId: bob });
  const message = await sendMessage(db, ann, { chatId, content: "helo" });
  await assert.rejects(editMessage(db, bob, message.id, "hacked"), httpStatus(403));
  await assert.rejects(deleteMessage(db, bob, message.id), httpStatus(403));
  const edited = await editMessage(db, ann, message.id, "hello");
  assert.equal(edited.content, "hello");
  assert.ok(edited.editedAt);
  await deleteMessage(db, ann, message.id);
  assert.deepEqual(await history(db, bob, chatId, { limit: 10 }), []);
  await assert.rejects(editMessage(db, ann, message.id, "again"), httpStatus(404));
});

dbTest(
  "a chat deleted for me comes back with the next message; for both it is gone",
  async ({ db }) => {
    const { ann, bob } = await confirmedUsers(db, "ann", "bob");
    const chatId = await openPersonalChat(db, CONFIG, ann, { userId: bob });
    await sendMessage(db, bob, { chatId, content: "old" });
    await deleteChat(db, ann, chatId, false);
    assert.deepEqual(await listChats(db, ann), []);
    assert.equal((await listChats(db, bob)).length, 1, "still there for bob");
    await sendMessage(db, bob, { chatId, content: "new" });
    const [back] = await listChats(db, ann);
    assert.equal(back.unread, 1, "only the new message is unread");
    assert.deepEqual((await history(db, ann, chatId, { limit: 10 })).map((m) => m.content), [
      "new",
    ]);

    await muteChat(db, ann, chatId, true);
    assert.equal((await listChats(db, ann))[0].muted, true);

    await deleteChat(db, bob, chatId, true);
    assert.deepEqual(await listChats(db, ann), []);
    assert.deepEqual(await listChats(db, bob), []);
    await assert.rejects(sendMessage(db, ann, { chatId, content: "?" }), httpStatus(423));
  },
);
