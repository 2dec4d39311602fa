/** Users as the rest of Parley sees them: the signed-in user, and names to show for anyone. */
import type { Queryable } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";

export type Audience = "everyone" | "contacts" | "nobody";

/** Who a user is to the installation: support staff answer tickets, admins run it. */
export const ROLES = ["user", "support", "admin"] as const;
export type Role = typeof ROLES[number];

/** Who may find, message and see a user. */
export interface Privacy {
  findBy: Audience;
  messageFrom: "everyone" | "contacts";
  lastSeenVisibleTo: Audience;
  /** Who may add the user to a group; others send an invitation. */
  groupAddFrom: "everyone" | "contacts";
  /** Notifications pushed to the user's devices show the message's words. */
  pushShowsText: boolean;
}

/** The signed-in user. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string | null;
  email: string | null;
  emailConfirmed: boolean;
  avatarVersion: number;
  totpEnabled: boolean;
  lang: Lang;
  privacy: Privacy;
  createdAt: Date;
  /** Support staff answer tickets; admins run the installation. */
  role: Role;
}

/** The columns `toUser` reads, as `userColumns` names them. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  email: string | null;
  email_confirmed_at: Date | null;
  avatar_version: number;
  totp_enabled_at: Date | null;
  lang: string;
  find_by: Audience;
  message_from: "everyone" | "contacts";
  last_seen_visible_to: Audience;
  group_add_from: "everyone" | "contacts";
  push_shows_text: boolean;
  created_at: Date;
  role: Role;
}

const COLUMNS = [
  "id",
  "username",
  "display_name",
  "email",
  "email_confirmed_at",
  "avatar_version",
  "totp_enabled_at",
  "lang",
  "find_by",
  "message_from",
  "last_seen_visible_to",
  "group_add_from",
  "push_shows_text",
  "created_at",
  "role",
];

/** The columns of `UserRow`, of the users table under `alias` in a query. */
export function userColumns(alias = "users"): string {
  return COLUMNS.map((column) =>
    // An account whose address another holds sees the address it typed, as unconfirmed.
    column === "email"
      ? `coalesce(${alias}.email, ${alias}.email_claim) as email`
      : `${alias}.${column}`
  ).join(", ");
}

/** The user with `id`, unless it does not exist or was deleted. */
export async function loadUser(db: Queryable, id: number): Promise<CurrentUser | undefined> {
  const [row] = await db.query<UserRow>(
    `select ${userColumns()} from users where id = $1 and deleted_at is null`,
    [id],
  );
  return row && toUser(row);
}

/** The signed-in user from their row. */
export function toUser(row: UserRow): CurrentUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    emailConfirmed: row.email_confirmed_at !== null,
    avatarVersion: row.avatar_version,
    totpEnabled: row.totp_enabled_at !== null,
    lang: row.lang === "ru" ? "ru" : "en",
    privacy: {
      findBy: row.find_by,
      messageFrom: row.message_from,
      lastSeenVisibleTo: row.last_seen_visible_to,
      groupAddFrom: row.group_add_from,
      pushShowsText: row.push_shows_text,
    },
    createdAt: row.created_at,
    role: row.role,
  };
}

/** The name to show for a user: their display name, else their username. */
export function shownName(user: { username: string; displayName: string | null }): string {
  return user.displayName?.trim() || user.username;
}

/** The URL of a user's avatar, or undefined when they have none. */
export function avatarUrl(user: { id: number; avatarVersion: number }): string | undefined {
  return user.avatarVersion > 0 ? `/avatars/${user.id}?v=${user.avatarVersion}` : undefined;
}

/**
 * Whether `user` may start chats: only with a confirmed address, unless the installation
 * has no mail and lifts the rule (`REQUIRE_EMAIL_CONFIRMATION=false`).
 */
export function mayStartChats(
  user: Pick<CurrentUser, "emailConfirmed">,
  config: { requireEmailConfirmation: boolean },
): boolean {
  return user.emailConfirmed || !config.requireEmailConfirmation;
}
