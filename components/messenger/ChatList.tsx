/** The list of chats: who, the last message, its time, and the unread count. */
import type { Clock } from "../../lib/client/time.ts";
import type { ChatItem } from "../../lib/client/chat_items.ts";
import { describeNote, wordsOf } from "../../lib/system_text.ts";
import { Avatar } from "../Avatar.tsx";

/** What the list shows of a chat's last message. */
function lastLine(chat: ChatItem, labels: Record<string, string>): string {
  if (chat.lastText === undefined) return labels.noMessages;
  if (chat.lastType === "system") {
    return describeNote(chat.lastText, chat.lastSender ?? "", wordsOf(labels));
  }
  const text = chat.lastType === "sticker" ? labels["preview.sticker"] : chat.lastPreview ?? "";
  const file = chat.lastFile && fileLabel(chat.lastFile, labels);
  const line = file && text ? `${file}, ${text}` : file ?? text;
  return `${chat.lastSender ? chat.lastSender + ": " : ""}${line}`;
}

/** "Photo", "Video", "Audio" or "File: name". */
function fileLabel(file: { kind: string; name: string }, labels: Record<string, string>): string {
  if (file.kind === "image") return labels["preview.photo"];
  if (file.kind === "video") return labels["preview.video"];
  if (file.kind === "audio") return labels["preview.audio"];
  return labels["preview.file"].replace("{name}", file.name);
}

export function ChatList(
  { chats, openId, clock, labels: l }: {
    chats: ChatItem[];
    openId?: number;
    clock: Clock;
    labels: Record<string, string>;
  },
) {
  return (
    <ul class="chat-list">
      {chats.length === 0 && <li class="empty">{l.empty}</li>}
      {chats.map((chat) => (
        <li key={chat.id}>
          <a
            class="chat-item"
            href={`/im/${chat.id}`}
            data-chat-id={chat.id}
            aria-current={chat.id === openId ? "page" : undefined}
          >
            <Avatar name={chat.title} url={chat.avatar} size={40} />
            <span class="chat-text">
              <span class="chat-head">
                <strong class="chat-title">{chat.title}</strong>
                {chat.lastAt && <time>{clock.whenOf(chat.lastAt)}</time>}
              </span>
              <span class="chat-last">{lastLine(chat, l)}</span>
            </span>
            {chat.group?.role === null && <span class="left-mark">{l.leftMark}</span>}
            {chat.muted && <span class="muted-mark" title={l.muted}>🔕</span>}
            {chat.unread > 0 && <span class="badge">{chat.unread}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
