/**
 * Contacts and blocks. Finding people respects their privacy (who may find them) and blocks:
 * someone who blocked you does not turn up, cannot be added, and cannot be messaged.
 */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import type { ChatTarget } from "./personal.ts";

/** A person as lists and search show them. */
export interface Person {
  id: number;
  username: string;
  displayName: string | null;
  avatarVersion: number;
}

const PERSON = "u.id, u.username, u.display_name, u.avatar_version";

interface PersonRow {
  id: number;
  username: string;
  display_name: string | null;
  avatar_version: number;
}

const toPerson = (row: PersonRow): Person => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  avatarVersion: row.avatar_version,
});

/** Users whose username starts with `prefix` (or whose address is `prefix`) and who may be found by `viewerId`. */
export async function searchPeople(db: Db, viewerId: number, prefix: string): Promise<Person[]> {
  const text = prefix.trim().toLowerCase();
  if (text.length === 0) return [];
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db.query<PersonRow>(
    `select ${PERSON} from users u
     where u.deleted_at is null and u.id <> $1
       and (lower(u.username) like $2 || '%' or lower(u.email) = $3)
       and not exists (select 1 from blocks b where b.blocker_id = u.id and b.blocked_id = $1)
       and (u.find_by = 'everyone'
            or (u.find_by = 'contacts'
                and exists (select 1 from contacts c where c.owner_id = u.id and c.contact_id = $1)))
     order by lower(u.username) limit 20`,
    [viewerId, escaped, text],
  );
  return rows.map(toPerson);
}

/** The contacts of `userId`, by name. */
export async function listContacts(db: Db, userId: number): Promise<Person[]> {
  const rows = await db.query<PersonRow>(
    `select ${PERSON} from contacts c join users u on u.id = c.contact_id
     where c.owner_id = $1 and u.deleted_at is null order by lower(u.username)`,
    [userId],
  );
  return rows.map(toPerson);
}

async function resolve(db: Db, target: ChatTarget): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    "userId" in target
      ? "select id from users where id = $1 and deleted_at is null"
      : "select id from users where lower(username) = lower($1) and deleted_at is null",
    ["userId" in target ? target.userId : target.username],
  );
  if (!row) throw new HttpError(404, "No such user");
  return row.id;
}

/** Adds a contact; refused when they blocked you. */
export async function addContact(db: Db, userId: number, target: ChatTarget): Promise<Person> {
  const contactId = await resolve(db, target);
  if (contactId === userId) throw new HttpError(422, "You cannot add yourself");
  const [blocked] = await db.query(
    "select 1 from blocks where blocker_id = $1 and blocked_id = $2",
    [contactId, userId],
  );
  if (blocked) throw new HttpError(403, "You cannot add this user");
  await db.query(
    "insert into contacts (owner_id, contact_id) values ($1, $2) on conflict do nothing",
    [userId, contactId],
  );
  const [row] = await db.query<PersonRow>(`select ${PERSON} from users u where u.id = $1`, [
    contactId,
  ]);
  return toPerson(row);
}

export async function removeContact(db: Db, userId: number, contactId: number): Promise<void> {
  await db.query("delete from contacts where owner_id = $1 and contact_id = $2", [
    userId,
    contactId,
  ]);
}

/** Blocks a user: they can no longer message you, add you, find you or see your presence. */
export async function block(db: Db, userId: number, target: ChatTarget): Promise<void> {
  const blockedId = await resolve(db, target);
  if (blockedId === userId) throw new HttpError(422, "You cannot block yourself");
  await db.transaction(async (tx) => {
    await tx.query(
      "insert into blocks (blocker_id, blocked_id) values ($1, $2) on conflict do nothing",
      [userId, blockedId],
    );
    // Whoever you block stops being your contact, and you theirs.
    await tx.query(
      `delete from contacts where (owner_id = $1 and contact_id = $2)
       or (owner_id = $2 and contact_id = $1)`,
      [userId, blockedId],
    );
  });
}

export async function unblock(db: Db, userId: number, blockedId: number): Promise<void> {
  await db.query("delete from blocks where blocker_id = $1 and blocked_id = $2", [
    userId,
    blockedId,
  ]);
}

export async function listBlocked(db: Db, userId: number): Promise<Person[]> {
  const rows = await db.query<PersonRow>(
    `select ${PERSON} from blocks b join users u on u.id = b.blocked_id
     where b.blocker_id = $1 order by lower(u.username)`,
    [userId],
  );
  return rows.map(toPerson);
}
