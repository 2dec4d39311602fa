/**
 * Roles: users, support staff (who answer tickets) and admins (who run the installation). The
 * first admin comes from `ADMIN_USERNAMES` at start or from `deno task admin:grant`; admins grant
 * roles to others on the admin pages.
 */
import { type Role, ROLES } from "../accounts/users.ts";
import type { Db, Queryable } from "../db/mod.ts";
import { AdminError } from "./errors.ts";
import { audit } from "./audit_log.ts";

export { type Role, ROLES } from "../accounts/users.ts";

export function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}

/** Whether `role` may do what `needed` may: admins may do what support may. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Gives `user` (a username, or an id) the role `role`, recorded as done by `actorId` (null: the
 * installation itself). 404 for no such live user; an admin cannot take their own admin role
 * away, so that an installation is never left without one by a slip.
 */
export async function grantRole(
  db: Db,
  actorId: number | null,
  user: string | number,
  role: Role,
): Promise<{ userId: number; changed: boolean }> {
  if (!isRole(role)) throw new AdminError("badRole");
  return await db.transaction(async (tx) => {
    const [found] = await tx.query<{ id: number; role: Role }>(
      `select id, role from users
       where (lower(username) = lower($1) or id = $2) and deleted_at is null
       for update`,
      typeof user === "number" ? ["", user] : [user.trim(), 0],
    );
    if (!found) throw new AdminError("notFound");
    const userId = Number(found.id);
    if (found.role === role) return { userId, changed: false };
    if (userId === actorId && found.role === "admin") {
      throw new AdminError("ownAdminRole");
    }
    await tx.query("update users set role = $2 where id = $1", [userId, role]);
    await audit(tx, {
      actorId,
      action: "role.granted",
      targetUserId: userId,
      details: { from: found.role, to: role },
    });
    return { userId, changed: true };
  });
}

/** Makes admins of the live users `usernames` names (`ADMIN_USERNAMES`); returns names not found. */
export async function applyAdminUsernames(db: Db, usernames: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const username of usernames) {
    try {
      await grantRole(db, null, username, "admin");
    } catch (error) {
      if (!(error instanceof AdminError) || error.code !== "notFound") throw error;
      missing.push(username);
    }
  }
  return missing;
}

/** The role of user `userId`; "user" for one that is gone. */
export async function roleOf(db: Queryable, userId: number): Promise<Role> {
  const [row] = await db.query<{ role: Role }>(
    "select role from users where id = $1 and deleted_at is null",
    [userId],
  );
  return row?.role ?? "user";
}
