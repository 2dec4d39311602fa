/** Chats made directly in the database, for tests of what is done with them. */
import type { Db } from "../../db/mod.ts";

/** A group titled `title`, made by `createdBy`, with `members` in it; returns its id. */
export async function groupChat(
  db: Db,
  title: string,
  createdBy: number,
  members: number[],
): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    "insert into chats (kind, title, created_by) values ('group', $1, $2) returning id",
    [title, createdBy],
  );
  await db.query(
    "insert into chat_members (chat_id, user_id) select $1, unnest($2::bigint[])",
    [id, members],
  );
  return id;
}
