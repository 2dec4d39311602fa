/**
 * Invitations: how someone who is added to groups by their contacts only is asked instead. They
 * accept (and join) or decline; either way the invitation is gone.
 */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { withEvents } from "./event_bus.ts";
import { join } from "./group_members.ts";

/** An invitation as its invitee sees it. */
export interface Invitation {
  chatId: number;
  title: string;
  pictureVersion: number;
  memberCount: number;
  invitedBy: { id: number; name: string } | null;
  createdAt: Date;
}

/** The groups `userId` is invited to, newest first. */
export async function listInvitations(db: Db, userId: number): Promise<Invitation[]> {
  const rows = await db.query<{
    chat_id: number;
    title: string;
    picture_version: number;
    member_count: number;
    invited_by: number | null;
    inviter: string | null;
    created_at: Date;
  }>(
    `select i.chat_id, c.title, c.picture_version,
       c.member_count,
       i.invited_by, coalesce(u.display_name, u.username) as inviter, i.created_at
     from group_invitations i join chats c on c.id = i.chat_id
     left join users u on u.id = i.invited_by
     where i.user_id = $1 order by i.created_at desc, i.chat_id desc`,
    [userId],
  );
  return rows.map((row) => ({
    chatId: row.chat_id,
    title: row.title,
    pictureVersion: row.picture_version,
    memberCount: row.member_count,
    invitedBy: row.invited_by === null ? null : { id: row.invited_by, name: row.inviter ?? "" },
    createdAt: row.created_at,
  }));
}

/** Accepts an invitation: `userId` joins the group. */
export async function acceptInvitation(
  db: Db,
  limits: { maxMembers: number },
  userId: number,
  chatId: number,
): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    // The group's row first, as every change of its members takes it.
    await tx.query("select 1 from chats where id = $1 for update", [chatId]);
    const [invitation] = await tx.query(
      "select 1 from group_invitations where chat_id = $1 and user_id = $2",
      [chatId, userId],
    );
    if (!invitation) throw new HttpError(404, "No such invitation");
    await join(tx, emit, chatId, userId, limits.maxMembers, "invitation");
  });
}

/** Declines an invitation. */
export async function declineInvitation(db: Db, userId: number, chatId: number): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    const rows = await tx.query(
      "delete from group_invitations where chat_id = $1 and user_id = $2 returning 1",
      [chatId, userId],
    );
    if (rows.length === 0) throw new HttpError(404, "No such invitation");
    emit({
      event: { event: "group.invitation", data: { chatId, title: null, invitedBy: null } },
      userIds: [userId],
    });
  });
}
