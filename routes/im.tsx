/** The messenger: the signed-in user's chats, newest activity first. */
import { avatarUrl } from "../accounts/users.ts";
import { type ChatSummary, listChats } from "../chats/list.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import { seeOther } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Avatar } from "../components/Avatar.tsx";

export const handler: Handlers<ChatSummary[], State> = {
  async GET(_req, ctx) {
    const { user, services } = ctx.state;
    if (!user) return seeOther("/");
    return ctx.render(await listChats(services.db, user.id));
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
        {chats.map((chat) => {
          const title = chat.other?.deleted ? t("im.deletedUser") : chat.title;
          return (
            <li key={chat.id} class="chat-item" data-chat-id={chat.id}>
              <Avatar
                name={title}
                url={chat.other && !chat.other.deleted ? avatarUrl(chat.other) : undefined}
              />
              <div class="chat-text">
                <div class="chat-head">
                  <strong class="chat-title">{title}</strong>
                  {chat.last && (
                    <time datetime={chat.last.at.toISOString()}>
                      {chat.last.at.toISOString().slice(11, 16)}
                    </time>
                  )}
                </div>
                <p class="chat-last">
                  {chat.last
                    ? (
                      <>
                        {chat.last.senderName && (
                          <span class="sender">{chat.last.senderName}:</span>
                        )} {chat.last.content}
                      </>
                    )
                    : <em>{t("im.noMessages")}</em>}
                </p>
              </div>
              {chat.unread > 0 && <span class="badge">{chat.unread}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
