/** The open chat: its header (who, typing or presence, menu) and its messages by day. */
import type { Ref } from "preact";
import type { Attachment } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { MessageItem } from "../../lib/client/message_items.ts";
import type { usePins } from "../../lib/client/use_pins.ts";
import { MessageBubble } from "./MessageBubble.tsx";
import { PinnedBar } from "./PinnedBar.tsx";

/** What the header says of the other member of a personal chat. */
export interface PresenceItem {
  online: boolean;
  lastSeenAt: string | null;
}

interface Props {
  title: string;
  me: number;
  messages: MessageItem[];
  /** The others have read up to this message. */
  othersRead: number;
  /** Who is typing, in words, when someone is. */
  typing?: string;
  presence?: PresenceItem;
  /** For a group: what the header says under its title ("5 members"). */
  members?: string;
  /** The reader administers this group: they may delete anyone's message. */
  moderates: boolean;
  /** Messages that came in below what is in view. */
  below: number;
  /** Opened further back: the latest messages are not loaded. */
  latestMissing?: boolean;
  clock: Clock;
  labels: Record<string, string>;
  list: Ref<HTMLOListElement>;
  onScroll(top: number): void;
  onMenu(): void;
  /** Searches this chat's messages. */
  onSearch(): void;
  /** Opens the group's info panel. */
  onInfo(): void;
  onToBottom(): void;
  onReply(message: MessageItem): void;
  onEdit(message: MessageItem): void;
  onDelete(message: MessageItem): void;
  onReport(message: MessageItem): void;
  onForward(message: MessageItem): void;
  onReact(message: MessageItem, emoji: string): void;
  /** The chat's pins, and whether the reader may pin (either member, or a group's admins). */
  pinned: ReturnType<typeof usePins>;
  onPin(messageId: number, pinned: boolean): void;
  /** Opens a message's photos full size, at the `index`-th. */
  onViewPhotos(photos: Wire<Attachment>[], index: number): void;
  /** Shows who read one's own message, in a group. */
  onReadBy?: (message: MessageItem) => void;
}

/** Whether `m` follows a message of the same sender: a run shows its sender once. */
function sameSender(before: MessageItem | undefined, m: MessageItem): boolean {
  return before !== undefined && before.type !== "system" && before.senderId === m.senderId;
}

export function ChatView(props: Props) {
  const { messages, presence, clock, labels: l } = props;
  // In a personal chat either member pins; in a group, its admins.
  const mayPin = props.members === undefined || props.moderates;
  const byId = new Map(messages.map((m) => [m.id, m]));
  const days: { day: string; items: MessageItem[] }[] = [];
  for (const m of messages) {
    const day = clock.dayOf(m.createdAt);
    if (days.at(-1)?.day !== day) days.push({ day, items: [] });
    days.at(-1)!.items.push(m);
  }
  return (
    <>
      <header class="chat-view-head">
        <a class="back" href="/im" aria-label={l.back}>←</a>
        <span class="chat-view-title">
          {props.members === undefined
            ? <strong>{props.title}</strong>
            : (
              <button type="button" class="link group-title" onClick={props.onInfo}>
                <strong>{props.title}</strong>
              </button>
            )}
          {props.typing
            ? <span class="typing">{props.typing}</span>
            : props.members !== undefined
            ? <span class="presence">{props.members}</span>
            : presence && (presence.online || presence.lastSeenAt) && (
              <span class={`presence${presence.online ? " online" : ""}`}>
                {presence.online
                  ? l.online
                  : l.lastSeen.replace("{time}", clock.momentOf(presence.lastSeenAt!))}
              </span>
            )}
        </span>
        <button
          type="button"
          class="search-button"
          aria-label={l.searchInChat}
          title={l.searchInChat}
          onClick={props.onSearch}
        >
          🔍
        </button>
        <button type="button" class="menu-button" aria-label={l.menu} onClick={props.onMenu}>
          ⋯
        </button>
      </header>
      {props.pinned.shown && (
        <PinnedBar
          pin={props.pinned.shown}
          count={props.pinned.pins.length}
          labels={l}
          mayUnpin={mayPin}
          onGo={() => {
            const id = props.pinned.shown!.messageId;
            const shown = document.querySelector(`.messages [data-message-id="${id}"]`);
            // Further back than what is loaded: the chat opens there.
            if (!shown) return location.assign(`${location.pathname}?at=${id}`);
            shown.scrollIntoView({ behavior: "smooth", block: "center" });
            props.pinned.followed();
          }}
          onUnpin={() => props.onPin(props.pinned.shown!.messageId, false)}
        />
      )}
      <ol
        class="messages"
        // New messages are read out by screen readers as they come.
        aria-live="polite"
        aria-relevant="additions"
        aria-label={props.title}
        ref={props.list}
        onScroll={(event) => props.onScroll((event.target as HTMLElement).scrollTop)}
      >
        {days.map((group) => [
          <li key={`day-${group.day}`} class="day">{group.day}</li>,
          ...group.items.map((m, index) => (
            <MessageBubble
              key={m.pending ? m.clientId : m.id}
              message={m}
              mine={m.senderId === props.me}
              showSender={props.members !== undefined &&
                !sameSender(group.items[index - 1], m)}
              deletable={!m.pending && m.type !== "system" &&
                (props.moderates || m.senderId === props.me)}
              tick={m.pending ? "pending" : m.id <= props.othersRead ? "read" : "sent"}
              quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
              clock={clock}
              labels={l}
              onReply={() => props.onReply(m)}
              onEdit={() => props.onEdit(m)}
              onDelete={() => props.onDelete(m)}
              onReport={() => props.onReport(m)}
              onForward={() => props.onForward(m)}
              onReact={(emoji) => props.onReact(m, emoji)}
              pin={mayPin ? (pin) => props.onPin(m.id, pin) : undefined}
              isPinned={props.pinned.has(m.id)}
              me={props.me}
              onViewPhotos={(index) =>
                props.onViewPhotos(m.attachments!.filter((a) => a.kind === "image"), index)}
              onReadBy={props.onReadBy && (() => props.onReadBy!(m))}
            />
          )),
        ])}
      </ol>
      {(props.below > 0 || props.latestMissing) && (
        <button type="button" class="to-bottom" aria-label={l.toLatest} onClick={props.onToBottom}>
          ↓ {props.below > 0 ? props.below : ""}
        </button>
      )}
    </>
  );
}
