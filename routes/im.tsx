/** The messenger: the signed-in user's chats, newest activity first. */
import { avatarUrl, shownName } from "../accounts/users.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import { seeOther } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Avatar } from "../components/Avatar.tsx";

interface ChatSummary {
  id: number;
  title: string;
  kind: "personal" | "group";
  avatar?: string;
  lastText: string | null;
  lastSender: string | null;
  lastAt: Date | null;
  unread: number;
}

export const handler: Handlers<ChatSummary[], State> = {
  async GET(_req, ctx) {
    const { user, services } = ctx.state;
    if (!user) return seeOther("/");
    const rows = await services.db.query<{
      id: number;
      kind: "personal" | "group";
      title: string | null;
      other_id: number | null;
      other_username: string | null;
      other_display_name: string | null;
      other_avatar_version: number | null;
      other_deleted: boolean | null;
      last_content: string | null;
      last_sender: string | null;
      last_at: Date | null;
      unread: number;
    }>(
      `select c.id, c.kind, c.title,
         o.id as other_id, o.username as other_username, o.display_name as other_display_name,
         o.avatar_version as other_avatar_version, o.deleted_at is not null as other_deleted,
         lm.content as last_content, coalesce(lu.display_name, lu.username) as last_sender,
         lm.created_at as last_at,
         (select count(*) from messages m
           where m.chat_id = c.id and m.id > me.last_read_message_id
             and m.sender_id is distinct from me.user_id and m.deleted_at is null) as unread
       from chat_members me
       join chats c on c.id = me.chat_id
       left join lateral (
         select u.* from chat_members om join users u on u.id = om.user_id
         where c.kind = 'personal' and om.chat_id = c.id and om.user_id <> me.user_id limit 1
       ) o on true
       left join lateral (
         select m.* from messages m where m.chat_id = c.id and m.deleted_at is null
         order by m.id desc limit 1
       ) lm on true
       left join users lu on lu.id = lm.sender_id
       where me.user_id = $1
       order by coalesce(lm.created_at, c.created_at) desc, c.id desc`,
      [user.id],
    );
    const t = ctx.state.t;
    return ctx.render(rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.kind === "group"
        ? row.title ?? ""
        : row.other_deleted
        ? t("im.deletedUser")
        : shownName({ username: row.other_username ?? "", displayName: row.other_display_name }),
      avatar: row.other_id
        ? avatarUrl({ id: row.other_id, avatarVersion: row.other_avatar_version ?? 0 })
        : undefined,
      lastText: row.last_content,
      lastSender: row.last_sender,
      lastAt: row.last_at,
      unread: row.unread,
    })));
  },
};

export default function Im({ data: chats, state: { t } }: PageProps<ChatSummary[], State>) {
  return (
    <section class="im">
      <Head>
        <title>{t("im.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("im.title")}</h1>
      {chats.length === 0 && <p>{t("im.empty")}</p>}
      <ul class="chat-list">
        {chats.map((chat) => (
          <li key={chat.id} class="chat-item" data-chat-id={chat.id}>
            <Avatar name={chat.title} url={chat.avatar} />
            <div class="chat-text">
              <div class="chat-head">
                <strong class="chat-title">{chat.title}</strong>
                {chat.lastAt && (
                  <time datetime={chat.lastAt.toISOString()}>
                    {chat.lastAt.toISOString().slice(11, 16)}
                  </time>
                )}
              </div>
              <p class="chat-last">
                {chat.lastText === null ? <em>{t("im.noMessages")}</em> : (
                  <>
                    {chat.lastSender && <span class="sender">{chat.lastSender}:</span>}{" "}
                    {chat.lastText}
                  </>
                )}
              </p>
            </div>
            {chat.unread > 0 && <span class="badge">{chat.unread}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
