/**
 * The open chat beside the chat list: its messages and, unless the reader left the group, the
 * composer; files dropped anywhere on it are attached.
 */
import type { ChatItem } from "../../lib/client/chat_items.ts";
import type { MessageItem } from "../../lib/client/message_items.ts";
import { messageActions } from "../../lib/client/message_actions.ts";
import { counted } from "../../lib/client/plural.ts";
import type { Request } from "../../lib/client/socket.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { useComposer } from "../../lib/client/use_composer.ts";
import { typingText, type useMembers } from "../../lib/client/use_members.ts";
import type { usePins } from "../../lib/client/use_pins.ts";
import type { usePresence } from "../../lib/client/use_presence.ts";
import type { useThread } from "../../lib/client/use_thread.ts";
import { ChatView } from "./ChatView.tsx";
import { Composer } from "./Composer.tsx";
import type { Dialog } from "./MessengerDialogs.tsx";

interface Props {
  me: number;
  /** The chat as the page opened it, and as the chat list now knows it. */
  open: { id: number; title: string };
  chat?: ChatItem;
  online: boolean;
  clock: Clock;
  labels: Record<string, string>;
  thread: ReturnType<typeof useThread>;
  members: ReturnType<typeof useMembers>;
  other: ReturnType<typeof usePresence>;
  pinned: ReturnType<typeof usePins>;
  composer: ReturnType<typeof useComposer>;
  request: Request;
  setDialog(dialog: Dialog): void;
  /** A page of history before or after a message, for scrolling. */
  historyPage(page: { before?: number; after?: number }): Promise<MessageItem[] | undefined>;
  /** Opens the chat at its latest messages. */
  toLatest(): void;
  /** Searches this chat. */
  onSearch(): void;
}

export function ChatSection(props: Props) {
  const { me, open, chat, clock, labels: l, thread, members, composer } = props;
  const { attach } = composer;
  const group = chat?.group;
  const left = group !== undefined && group.role === null;
  return (
    <section
      class={`chat-view${attach.dragging ? " dragging" : ""}`}
      aria-label={open.title}
      {...(left ? {} : attach.dropZone)}
    >
      <ChatView
        title={chat?.title ?? open.title}
        members={group && counted(l, "members", group.memberCount, clock.locale)}
        moderates={group?.role === "owner" || group?.role === "admin"}
        onInfo={() => props.setDialog(left ? "menu" : "group")}
        me={me}
        messages={thread.messages}
        othersRead={group ? members.othersRead : thread.othersRead}
        typing={group ? typingText(members.typingNames, l) : thread.typing ? l.typing : undefined}
        presence={props.other.presence}
        below={thread.below}
        latestMissing={thread.newerMissing}
        clock={clock}
        labels={l}
        list={thread.list}
        onScroll={(top) => thread.scrolled(top, props.historyPage)}
        onMenu={() => props.setDialog("menu")}
        onSearch={props.onSearch}
        onToBottom={thread.newerMissing ? props.toLatest : thread.scrollDown}
        onReply={composer.reply}
        onEdit={composer.edit}
        {...messageActions(props)}
        onReadBy={group && ((m) => props.setDialog({ readBy: m.id }))}
      />
      {left ? <p class="left-note" role="status">{l.left}</p> : (
        <Composer
          draft={composer.draft}
          replyTo={composer.replyTo}
          editing={composer.editing}
          online={props.online}
          labels={l}
          members={group && [...members.members.values()].filter((m) => m.userId !== me)}
          files={attach.files}
          locale={clock.locale}
          onAttach={attach.add}
          onStickers={() => props.setDialog("stickers")}
          onRetryFile={attach.retry}
          onRemoveFile={attach.remove}
          onDraft={composer.onDraft}
          onEditLast={composer.editLast}
          onSend={composer.send}
          onCancel={composer.cancel}
        />
      )}
    </section>
  );
}
