/**
 * Bench data written straight into the database before the server starts: users with live
 * sessions (tokens signed with the server's secret, as a sign-in would hand out), pairs of them
 * in personal chats, and big chats for the history figure.
 */
import { SignJWT } from "jose";
import { hashPassword } from "../accounts/passwords.ts";
import type { Db } from "../db/mod.ts";

export const BENCH_SECRET = "parley-bench-secret-parley-bench-secret";
const key = new TextEncoder().encode(BENCH_SECRET);

export interface BenchUser {
  id: number;
  username: string;
  token: string;
}

/** Creates `count` confirmed users named `<prefix><n>`, each with a session. */
export async function seedUsers(db: Db, prefix: string, count: number): Promise<BenchUser[]> {
  const hash = await hashPassword("bench-password-not-for-login");
  const users: BenchUser[] = [];
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const names = Array.from(
      { length: Math.min(BATCH, count - start) },
      (_, i) => `${prefix}${start + i}`,
    );
    const rows = await db.query<{ id: number; username: string }>(
      `insert into users (username, email, password_hash, email_confirmed_at)
       select name, name || '@bench.test', $2, now() from unnest($1::text[]) as name
       returning id, username`,
      [names, hash],
    );
    const tokens = await db.query<{ id: number; user_id: number }>(
      `insert into tokens (user_id, expires_at, ip, user_agent)
       select id, now() + interval '5 days', '127.0.0.1', 'bench' from unnest($1::bigint[]) as id
       returning id, user_id`,
      [rows.map((r) => r.id)],
    );
    const tokenOf = new Map(tokens.map((t) => [t.user_id, t.id]));
    for (const row of rows) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(String(row.id))
        .setJti(String(tokenOf.get(row.id)))
        .setIssuedAt()
        .sign(key);
      users.push({ id: row.id, username: row.username, token });
    }
  }
  return users;
}

/** Opens a personal chat between `a` and `b`; returns its id. */
export async function seedPersonalChat(db: Db, a: number, b: number): Promise<number> {
  const [low, high] = a < b ? [a, b] : [b, a];
  const [chat] = await db.query<{ id: number }>(
    `insert into chats (kind, created_by, personal_low, personal_high)
     values ('personal', $1, $1, $2) returning id`,
    [low, high],
  );
  await db.query("insert into chat_members (chat_id, user_id) values ($1, $2), ($1, $3)", [
    chat.id,
    low,
    high,
  ]);
  return chat.id;
}

/** A group of `memberIds`, the first its owner, with `messages` messages from them; returns its id. */
export async function seedGroup(
  db: Db,
  title: string,
  memberIds: number[],
  messages = 0,
): Promise<number> {
  const [chat] = await db.query<{ id: number }>(
    "insert into chats (kind, title, created_by) values ('group', $1, $2) returning id",
    [title, memberIds[0]],
  );
  await db.query(
    `insert into chat_members (chat_id, user_id, role)
     select $1, id, case when ord = 1 then 'owner' else 'member' end
     from unnest($2::bigint[]) with ordinality as m (id, ord)`,
    [chat.id, memberIds],
  );
  if (messages > 0) await seedMessages(db, chat.id, memberIds[0], messages);
  return chat.id;
}

/** Fills chat `chatId` with `count` messages from `senderId`, in batches. */
export async function seedMessages(db: Db, chatId: number, senderId: number, count: number) {
  const BATCH = 100_000;
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    await db.query(
      `insert into messages (chat_id, sender_id, content, seq, created_at)
       select $1, $2, 'bench message ' || n, n, now() - make_interval(secs => $4 - n)
       from generate_series($3::bigint + 1, $3::bigint + $5) as n`,
      [chatId, senderId, start, count, size],
    );
  }
  await db.query("update chats set last_seq = $2 where id = $1", [chatId, count]);
}
