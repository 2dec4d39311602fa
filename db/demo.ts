/**
 * Demo data for a first look: on an empty database, a few users with confirmed addresses,
 * contacts and chats. `test` / `test` is the original's demo account, the one account whose
 * password breaks the rules, and only because it is demo data (`DEMO_DATA=false` turns it off).
 */
import { hashPassword, verifyPassword } from "../accounts/passwords.ts";
import type { Logger } from "../lib/log.ts";
import { insertMessage } from "../chats/messages.ts";
import type { Db, Queryable } from "./mod.ts";

/** The advisory lock seeding holds: "pard" in ASCII. */
const DEMO_LOCK_KEY = 0x70617264;

/** The password of every demo user but `test`. */
export const DEMO_PASSWORD = "quiet-river-lantern";

const USERS = [
  { username: "test", displayName: "Test User", lang: "en" },
  { username: "alice", displayName: "Alice Ivanova", lang: "en" },
  { username: "boris", displayName: "Борис Петров", lang: "ru" },
  { username: "carol", displayName: "Carol Smith", lang: "en" },
  { username: "dmitry", displayName: "Дмитрий Соколов", lang: "ru" },
];

const CONTACTS: [string, string][] = [
  ["test", "alice"],
  ["test", "boris"],
  ["test", "dmitry"],
  ["alice", "test"],
  ["alice", "boris"],
  ["boris", "test"],
];

const PERSONAL: { between: [string, string]; messages: [string, string][] }[] = [
  {
    between: ["test", "alice"],
    messages: [
      ["alice", "Hi! Have you tried **Parley** yet?"],
      ["test", "Just signed in. Markdown works: *italic*, `code`, ~~strike~~."],
      ["alice", "And lists:\n- messages arrive at once\n- read receipts\n- your own server"],
      ["test", "> your own server\n\nThe best part."],
    ],
  },
  {
    between: ["test", "boris"],
    messages: [
      ["boris", "Привет! Как тебе новый мессенджер?"],
      ["test", "Отлично, всё работает и по-русски."],
    ],
  },
];

const GROUP = {
  title: "Parley team",
  members: ["test", "alice", "boris", "carol"],
  messages: [
    ["carol", "Welcome to the team chat!"],
    ["alice", "Stand-up at 10:00, as usual."],
    ["boris", "Буду через пять минут."],
  ] as [string, string][],
};

/** Fills an empty database with the demo; does nothing when any user exists. */
export async function seedDemoData(db: Db, log: Logger): Promise<void> {
  const testHash = await hashPassword("test");
  const demoHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await db.transaction(async (tx) => {
    // Two processes starting on one empty database must not both seed it.
    await tx.query("select pg_advisory_xact_lock($1)", [DEMO_LOCK_KEY]);
    const [{ count }] = await tx.query<{ count: number }>("select count(*) as count from users");
    if (count > 0) return false;
    const ids = new Map<string, number>();
    for (const user of USERS) {
      const [row] = await tx.query<{ id: number }>(
        `insert into users (username, email, password_hash, display_name, lang, email_confirmed_at)
         values ($1, $2, $3, $4, $5, now()) returning id`,
        [
          user.username,
          `${user.username}@example.com`,
          user.username === "test" ? testHash : demoHash,
          user.displayName,
          user.lang,
        ],
      );
      ids.set(user.username, row.id);
    }
    const id = (name: string) => ids.get(name)!;
    for (const [owner, contact] of CONTACTS) {
      await tx.query("insert into contacts (owner_id, contact_id) values ($1, $2)", [
        id(owner),
        id(contact),
      ]);
    }
    for (const chat of PERSONAL) {
      const [a, b] = chat.between.map(id).sort((x, y) => x - y);
      const [row] = await tx.query<{ id: number }>(
        `insert into chats (kind, created_by, personal_low, personal_high)
         values ('personal', $1, $1, $2) returning id`,
        [a, b],
      );
      await addMembers(tx, row.id, [a, b]);
      await addMessages(tx, row.id, chat.messages.map(([from, text]) => [id(from), text]));
    }
    const [group] = await tx.query<{ id: number }>(
      "insert into chats (kind, title, created_by) values ('group', $1, $2) returning id",
      [GROUP.title, id("carol")],
    );
    await addMembers(tx, group.id, GROUP.members.map(id));
    // Carol made it and runs it; Alice helps.
    await tx.query(
      `update chat_members set role = case user_id when $2 then 'owner' else 'admin' end
       where chat_id = $1 and user_id in ($2, $3)`,
      [group.id, id("carol"), id("alice")],
    );
    await addMessages(tx, group.id, GROUP.messages.map(([from, text]) => [id(from), text]));
    return true;
  });
  if (seeded) {
    log.info(
      `Demo data created. Sign in as test / test, or as alice, boris, carol or dmitry with the password ${DEMO_PASSWORD}`,
    );
  }
}

/** A demo account that still exists with its published password, if any does. */
export async function openDemoAccount(db: Queryable): Promise<string | undefined> {
  const rows = await db.query<{ username: string; password_hash: string }>(
    `select username, password_hash from users
     where username = any($1::text[]) and deleted_at is null order by id`,
    [USERS.map((user) => user.username)],
  );
  for (const { username, password_hash } of rows) {
    const published = username === "test" ? "test" : DEMO_PASSWORD;
    if (await verifyPassword(published, password_hash)) return username;
  }
  return undefined;
}

async function addMembers(tx: Queryable, chatId: number, userIds: number[]) {
  for (const userId of userIds) {
    await tx.query("insert into chat_members (chat_id, user_id) values ($1, $2)", [chatId, userId]);
  }
}

async function addMessages(tx: Queryable, chatId: number, messages: [number, string][]) {
  // Spread over the last hour, oldest first, so the chats have a history to scroll.
  for (const [index, [senderId, content]] of messages.entries()) {
    const createdAt = new Date(Date.now() - (messages.length - index) * 7 * 60_000);
    await insertMessage(tx, { chatId, senderId, content, createdAt });
  }
  // Whoever wrote had read what came before: only what came after their last word is unread.
  await tx.query(
    `update chat_members m set last_read_message_id = coalesce(
       (select max(id) from messages where chat_id = m.chat_id and sender_id = m.user_id), 0)
     where chat_id = $1`,
    [chatId],
  );
}
