/** What the messenger page starts with for an opened chat. */
import assert from "node:assert/strict";
import { loadUser } from "../accounts/users.ts";
import { sendMessage } from "../chats/messages.ts";
import { markRead } from "../chats/reads.ts";
import { openPersonalChat } from "../chats/personal.ts";
import { translator } from "../i18n/mod.ts";
import { confirmedUsers } from "../tests/helpers/accounts.ts";
import { groupChat } from "../tests/helpers/chats.ts";
import { dbTest } from "../tests/helpers/db.ts";
import { httpStatus } from "../tests/helpers/http_errors.ts";
import { messengerProps } from "./messenger_props.ts";

const CLOCK = { locale: "en", timeZone: "UTC" };

const t = translator("en");

dbTest(
  "an opened personal chat shows its messages, the other member and how far they read",
  async ({ db }) => {
    const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
    const chatId = await openPersonalChat(db, { requireEmailConfirmation: true }, ann, {
      userId: bob,
    });
    const first = await sendMessage(db, ann, { chatId, content: "one" });
    await sendMessage(db, ann, { chatId, content: "two" });
    await markRead(db, bob, chatId, first.id);

    const props = await messengerProps(db, (await loadUser(db, ann))!, t, CLOCK, "csrf", chatId);
    assert.equal(props.open?.otherId, bob);
    assert.equal(props.open?.othersRead, first.id);
    assert.deepEqual(props.open?.messages.map((m) => m.content), ["one", "two"]);

    await assert.rejects(
      messengerProps(db, (await loadUser(db, cat))!, t, CLOCK, "csrf", chatId),
      httpStatus(423),
    );
  },
);

dbTest("an opened group has no other member to show, and nobody has read yet", async ({ db }) => {
  const { ann, bob, cat } = await confirmedUsers(db, "ann", "bob", "cat");
  const chatId = await groupChat(db, "Trip", ann, [ann, bob, cat]);
  const props = await messengerProps(db, (await loadUser(db, ann))!, t, CLOCK, "csrf", chatId);
  assert.equal(props.open?.otherId, undefined);
  assert.equal(props.open?.othersRead, 0);
  assert.deepEqual(props.open?.messages, []);
});
