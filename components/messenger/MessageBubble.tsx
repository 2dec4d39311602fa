/** One message: who, its files, the Markdown body, the quoted message it answers, time, ticks, actions. */
import { avatarUrl } from "../../accounts/users.ts";
import { describeNote, wordsOf } from "../../lib/system_text.ts";
import { Avatar } from "../Avatar.tsx";
import { MessageFiles } from "./MessageFiles.tsx";
import { stickerUrl } from "../../chats/stickers.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { MessageItem } from "../../lib/client/message_items.ts";
import { useState } from "preact/hooks";
import { ReactionBar, Reactions } from "./Reactions.tsx";

interface Props {
  message: MessageItem;
  mine: boolean;
  /** A group's message that starts a run of its sender's: who sent it is shown. */
  showSender: boolean;
  /** Whether the reader may delete it: their own, or any in a group they administer. */
  deletable: boolean;
  tick: "pending" | "sent" | "read";
  quoted?: MessageItem;
  clock: Clock;
  labels: Record<string, string>;
  onReply(): void;
  onEdit(): void;
  onDelete(): void;
  onReport(): void;
  onForward(): void;
  onReact(emoji: string): void;
  /** Pins or unpins it, where the reader may. */
  pin?: (pinned: boolean) => void;
  isPinned: boolean;
  /** The reader, whose own reactions are marked. */
  me: number;
  /** Opens the message's `index`-th photo full size. */
  onViewPhotos(index: number): void;
  /** Opens who read it (one's own message in a group). */
  onReadBy?: () => void;
}

export function MessageBubble(
  {
    message: m,
    mine,
    showSender,
    deletable,
    tick,
    quoted,
    clock,
    labels: l,
    me,
    pin,
    isPinned,
    ...on
  }: Props,
) {
  const [reacting, setReacting] = useState(false);
  if (m.type === "system") {
    return (
      <li class="note" data-message-id={m.id}>
        {describeNote(m.content, m.senderName ?? l.deletedUser, wordsOf(l))}
      </li>
    );
  }
  return (
    <li
      class={`message ${mine ? "mine" : "theirs"}${m.type === "sticker" ? " sticker-message" : ""}`}
      data-message-id={m.pending ? undefined : m.id}
    >
      {!mine && showSender && (
        <span class="from">
          <Avatar
            name={m.senderName ?? "?"}
            url={m.senderId === null
              ? undefined
              : avatarUrl({ id: m.senderId, avatarVersion: m.senderAvatarVersion ?? 0 })}
            size={28}
          />
          {m.senderName ?? l.deletedUser}
        </span>
      )}
      {m.forwardedFrom !== undefined && (
        <span class="forwarded">
          {l.forwardedFrom.replace("{name}", m.forwardedFrom || l.deletedUser)}
        </span>
      )}
      {m.replyTo && (
        <blockquote class="quote">
          <strong>{quoted?.senderName ?? ""}</strong> {quoted ? quoted.content.slice(0, 120) : "…"}
        </blockquote>
      )}
      {m.attachments && (
        <MessageFiles
          attachments={m.attachments}
          locale={clock.locale}
          labels={l}
          onOpenPhoto={on.onViewPhotos}
        />
      )}
      {m.type === "sticker"
        ? (
          <img
            class="sticker"
            src={stickerUrl(m.content)}
            alt={m.content}
            width={160}
            height={160}
          />
        )
        : m.html
        ? <div class="body" dangerouslySetInnerHTML={{ __html: m.html }} />
        : m.content && <div class="body plain">{m.content}</div>}
      <span class="meta">
        {m.editedAt && <span class="edited">{l.edited}</span>}
        <time>{clock.timeOf(m.createdAt)}</time>
        {mine && (on.onReadBy && !m.pending
          ? (
            <button
              type="button"
              class={`tick ${tick}`}
              title={`${l[`tick.${tick}`]} · ${l.readBy}`}
              onClick={on.onReadBy}
            >
              {tick === "read" ? "✓✓" : "✓"}
            </button>
          )
          : (
            <span class={`tick ${tick}`} title={l[`tick.${tick}`]}>
              {tick === "pending" ? "⏱" : tick === "read" ? "✓✓" : "✓"}
            </span>
          ))}
      </span>
      {m.reactions && m.reactions.length > 0 && (
        <Reactions reactions={m.reactions} me={me} onReact={on.onReact} />
      )}
      {reacting && (
        <ReactionBar
          labels={l}
          onReact={on.onReact}
          onClose={() => setReacting(false)}
        />
      )}
      {!m.pending && (
        <span class="actions">
          <button type="button" class="link" onClick={() => setReacting(!reacting)}>
            {l.react}
          </button>
          <button type="button" class="link" onClick={on.onReply}>{l.reply}</button>
          <button type="button" class="link" onClick={on.onForward}>{l.forward}</button>
          {pin && (
            <button type="button" class="link" onClick={() => pin(!isPinned)}>
              {isPinned ? l.unpin : l.pin}
            </button>
          )}
          {mine && <button type="button" class="link" onClick={on.onEdit}>{l.edit}</button>}
          {deletable && (
            <button type="button" class="link" onClick={on.onDelete}>{l.delete}</button>
          )}
          {!mine && <button type="button" class="link" onClick={on.onReport}>{l.report}</button>}
        </span>
      )}
    </li>
  );
}
