/**
 * The messenger in the browser: the chat list and the open chat, live over /ws. The server
 * renders the same markup first, so the page reads before this runs; then messages arrive as
 * they are stored, sends go through an outbox that survives a dropped connection, and a
 * reconnect catches up on what was missed.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ChatPane } from "../components/messenger/ChatPane.tsx";
import { ChatView } from "../components/messenger/ChatView.tsx";
import { Composer } from "../components/messenger/Composer.tsx";
import { type Dialog, MessengerDialogs } from "../components/messenger/MessengerDialogs.tsx";
import { type ChatItem, toChatItem, withMessage } from "../lib/client/chat_items.ts";
import { type MessageItem, pendingItem, toMessageItem } from "../lib/client/message_items.ts";
import { PAGE, useThread } from "../lib/client/use_thread.ts";
import {
  askToNotify,
  notifyOfMessage,
  offerPushSubscription,
} from "../lib/client/notifications.ts";
import { usePresence } from "../lib/client/use_presence.ts";
import { counted } from "../lib/client/plural.ts";
import { useGroups } from "../lib/client/use_groups.ts";
import { typingText, useMembers } from "../lib/client/use_members.ts";
import { Outbox, type Queued, queued, type SendOutcome } from "../lib/client/outbox.ts";
import { useAttachments } from "../lib/client/use_attachments.ts";
import { useDraft } from "../lib/client/use_draft.ts";
import { useEditing } from "../lib/client/use_editing.ts";
import { useSearch } from "../lib/client/use_search.ts";
import { usePins } from "../lib/client/use_pins.ts";
import { messageActions } from "../lib/client/message_actions.ts";
import { applyToOpenChat } from "../lib/client/open_chat_events.ts";
import { type Answer, ReconnectingSocket, type SocketState } from "../lib/client/socket.ts";
import { type ClockSettings, useVisitorClock } from "../lib/client/use_clock.ts";
import type { Message } from "../chats/message_rows.ts";
import type { Pin } from "../chats/events.ts";
import type { MethodName, Params, PushFrame, Wire } from "../ws/protocol.ts";

export interface OpenChat {
  id: number;
  title: string;
  /** The other member of a personal chat, for blocking. */
  otherId?: number;
  /** A group: its members are read for names, mentions and read positions. */
  group: boolean;
  messages: MessageItem[];
  othersRead: number;
  pins?: Wire<Pin>[];
  /** Opened at this message (a search result), not at the latest. */
  at?: number;
  /** Opened at an older message: the latest are not loaded yet. */
  newerMissing?: boolean;
}

interface Props {
  me: { id: number; name: string; username: string; emailConfirmed: boolean };
  chats: ChatItem[];
  open?: OpenChat;
  labels: Record<string, string>;
  /** The token of the forms the island posts (a group's picture). */
  csrf: string;
  /** The page title without the unread count. */
  title: string;
  /** The language and time zone the server rendered times in. */
  clock: ClockSettings;
  /** The server's public VAPID key, for this device's push subscription. */
  vapidPublicKey: string;
}

const TYPING_SENT_EVERY_MS = 2_000;

export default function Messenger(props: Props) {
  const { me, labels: l, open } = props;
  const openId = open?.id;
  const clock = useVisitorClock(props.clock);
  const [state, setState] = useState<SocketState>("connecting");
  const [chats, setChats] = useState(props.chats);
  const thread = useThread(open);
  const composed = useDraft(me.id, openId);
  const pinned = usePins(open?.pins);
  const draft = composed.text;
  const composing = useEditing(composed, () => thread.messages, me.id);
  const { editing, replyTo } = composing;
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const other = usePresence((method, params) => request(method, params), open?.otherId);
  const socket = useRef<ReconnectingSocket | null>(null);
  const outbox = useRef<Outbox | null>(null);
  const lastTypingSent = useRef(0);
  const groups = useGroups((method, params) => request(method, params));
  const openChat = chats.find((c) => c.id === openId);
  const group = openChat?.group;
  const left = group !== undefined && group.role === null;
  const members = useMembers((method, params) => request(method, params), me.id, openId);
  const attach = useAttachments(props.csrf);
  const search = useSearch((method, params) => request(method, params));
  const searchInput = useRef<HTMLInputElement>(null);

  const request = <M extends MethodName>(method: M, params: Params<M>): Promise<Answer<M>> =>
    socket.current?.request(method, params) ?? Promise.resolve({ ok: false, status: 0 });
  /** Reports the open chat read up to `upTo`, or its last message, while the page is seen. */
  const markRead = (upTo = thread.lastStoredId()) => {
    if (!openId || !upTo || document.visibilityState !== "visible") return;
    request("messages.read", { chatId: openId, messageId: upTo });
    setChats((all) => all.map((c) => c.id === openId ? { ...c, unread: 0 } : c));
  };

  const sendQueued = async (item: Queued): Promise<SendOutcome> => {
    const { chatId, content, clientId, replyTo, contentType } = item;
    const attachments = item.attachments?.map((a) => a.id);
    const params = { chatId, content, clientId, replyTo, contentType, attachments };
    const answer = await socket.current?.requestPatiently("messages.send", params) ??
      { ok: false, status: 0 } as const;
    if (answer.ok) {
      // This connection gets no push of its own message: the answer stands in for it.
      onMessage(answer.result.message);
      return "stored";
    }
    if (answer.status === 0) return "unanswered";
    thread.remove((m) => m.clientId !== clientId);
    return "refused";
  };

  /** After a connection opens: what was missed while there was none, then what waits to go. */
  const catchUp = async (connection: number) => {
    // The first connection follows the page, which the server rendered with the chat list.
    if (connection > 1) await refreshChats();
    await groups.loadInvitations();
    // Opened around an older message, the newer ones load as the reader scrolls down to them.
    if (openId && !thread.newerMissing) {
      const missed = await request("messages.history", {
        chatId: openId,
        after: thread.lastStoredId(),
        limit: 200,
      });
      if (missed.ok) thread.add(missed.result.messages.map(toMessageItem));
    }
    await outbox.current?.flush(sendQueued);
    markRead();
    // Told at each connection: this device's subscription goes with the session now signed in.
    await subscribeToPush();
    await other.refresh();
    if (open?.group) await members.load();
  };

  const subscribeToPush = () =>
    offerPushSubscription(
      props.vapidPublicKey,
      (subscription) => request("push.subscribe", subscription),
    );

  const refreshChats = async () => {
    const answer = await request("chats.list", {});
    if (answer.ok) setChats(answer.result.chats.map((chat) => toChatItem(chat, l.deletedUser)));
  };

  const historyPage = async (page: { before?: number; after?: number }) => {
    if (!openId) return;
    const answer = await request("messages.history", { chatId: openId, ...page, limit: PAGE });
    return answer.ok ? answer.result.messages.map(toMessageItem) : undefined;
  };

  const onMessage = (message: Wire<Message>) => {
    const mine = message.senderId === me.id;
    const visible = document.visibilityState === "visible";
    if (message.chatId === openId) {
      thread.arrived(toMessageItem(message), mine);
      if (!mine) markRead(message.id);
    }
    setChats((all) => {
      const unread = !mine && (message.chatId !== openId || !visible);
      const updated = withMessage(all, message, unread);
      if (unread && !visible) notifyOfMessage(updated.chat, message, me.username, l);
      return updated.chats;
    });
  };

  const onPush = (frame: PushFrame) => {
    const { seenActive } = other;
    const view = { openId, me: me.id, otherId: open?.otherId, thread, members, pinned, seenActive };
    if (applyToOpenChat(frame, view)) return;
    switch (frame.event) {
      case "message.new":
        members.stoppedTyping(frame.data.senderId ?? 0);
        if (frame.data.senderId === open?.otherId) other.seenActive();
        return onMessage(frame.data);
      case "chat.deleted":
        setChats((all) => all.filter((c) => c.id !== frame.data.chatId));
        if (frame.data.chatId === openId) location.assign("/im");
        return;
      case "group.member":
        if (frame.data.chatId === openId) void members.load();
        // falls through
      case "group.updated":
        if (frame.data.chatId === openId) groups.changed();
        return void refreshChats();
      case "group.invitation":
        return void groups.loadInvitations();
      case "presence":
        return other.told(frame.data);
      case "session.ended":
        // Signed out elsewhere, or suspended: the sign-in page says what is next.
        return location.assign("/");
    }
  };

  useEffect(() => {
    outbox.current = new Outbox(me.id);
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new ReconnectingSocket(url, {
      onState: setState,
      onPush: (frame) => onPush(frame),
      onOpen: (connection) => void catchUp(connection),
    });
    socket.current = ws;
    ws.connect();
    // Messages left in the outbox by an earlier visit show as pending until they are sent.
    const waiting = outbox.current.all().filter((m) => m.chatId === openId);
    thread.addPending(waiting.map((item) => pendingItem(me, item)));
    if (open?.at) thread.reveal(open.at);
    else thread.scrollDown();
    const onVisible = () => markRead();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      ws.close();
    };
  }, []);

  const totalUnread = chats.reduce((sum, c) => sum + (c.muted ? 0 : c.unread), 0);
  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) ${props.title}` : props.title;
  }, [totalUnread]);

  const send = async () => {
    const content = draft.trim();
    if ((!content && attach.files.length === 0) || !openId) return;
    if (editing) {
      // An edit needs the server; a new message waits in the outbox for it.
      if (state !== "open") return;
      const answer = await request("messages.edit", { messageId: editing.id, content });
      if (answer.ok) {
        thread.add([toMessageItem(answer.result.message)]);
        composing.edited();
      }
      return;
    }
    askToNotify().then((allowed) => {
      if (allowed) void subscribeToPush();
    });
    // Sending waits for the files; one that failed stays, with Retry, and nothing is sent.
    const attachments = attach.files.length > 0 ? await attach.ready() : [];
    if (!attachments) return;
    attach.clear();
    enqueue(queued(openId, {
      content,
      replyTo: replyTo?.id,
      ...(attachments.length > 0 ? { attachments } : {}),
    }));
    composing.sent();
  };

  /** The open chat at its latest messages, for a reader who opened it further back. */
  const toLatest = () => location.assign(`/im/${openId}`);

  /** A new message goes to the outbox and shows as pending until the server has it. */
  const enqueue = (item: Queued) => {
    outbox.current!.add(item);
    // It goes below the latest messages, which are not loaded here: they are, there.
    if (thread.newerMissing) return toLatest();
    thread.addPending([pendingItem(me, item)]);
    requestAnimationFrame(thread.scrollDown);
    outbox.current!.flush(sendQueued);
  };

  const onDraft = (value: string) => {
    if (editing) composed.show(value);
    else composed.type(value);
    if (openId && value && Date.now() - lastTypingSent.current > TYPING_SENT_EVERY_MS) {
      lastTypingSent.current = Date.now();
      request("chats.typing", { chatId: openId });
    }
  };

  return (
    <div
      class={`messenger${openId ? " has-open" : ""}${search.active ? " searching" : ""}`}
      data-state={state}
    >
      {state !== "open" && (
        <div class="conn-banner" role="status">
          {state === "connecting" ? l.connecting : l.offline}
        </div>
      )}
      <ChatPane
        chats={chats}
        openId={openId}
        invitations={groups.invitations}
        online={state === "open"}
        clock={clock}
        labels={l}
        onFindPeople={() => setDialog("add")}
        onContacts={() => setDialog("contacts")}
        onNewGroup={() => setDialog("newGroup")}
        onInvitation={groups.answer}
        search={search}
        searchInput={searchInput}
      />
      {!open && (
        <section class="chat-view placeholder-view">
          <p>{l.choose}</p>
        </section>
      )}
      {open && (
        <section
          class={`chat-view${attach.dragging ? " dragging" : ""}`}
          aria-label={open.title}
          {...(left ? {} : attach.dropZone)}
        >
          <ChatView
            title={openChat?.title ?? open.title}
            members={group && counted(l, "members", group.memberCount, props.clock.locale)}
            moderates={group?.role === "owner" || group?.role === "admin"}
            onInfo={() => setDialog(left ? "menu" : "group")}
            me={me.id}
            messages={thread.messages}
            othersRead={group ? members.othersRead : thread.othersRead}
            typing={group
              ? typingText(members.typingNames, l)
              : thread.typing
              ? l.typing
              : undefined}
            presence={other.presence}
            below={thread.below}
            latestMissing={thread.newerMissing}
            clock={clock}
            labels={l}
            list={thread.list}
            onScroll={(top) => thread.scrolled(top, historyPage)}
            onMenu={() => setDialog("menu")}
            onSearch={() => {
              search.filter({ chatId: openId });
              searchInput.current?.focus();
            }}
            onToBottom={thread.newerMissing ? toLatest : thread.scrollDown}
            onReply={composing.reply}
            onEdit={composing.edit}
            {...messageActions({ request, thread, pinned, setDialog })}
            onReadBy={group && ((m) => setDialog({ readBy: m.id }))}
          />
          {left ? <p class="left-note" role="status">{l.left}</p> : (
            <Composer
              draft={draft}
              replyTo={replyTo}
              editing={editing}
              online={state === "open"}
              labels={l}
              members={group && [...members.members.values()].filter((m) => m.userId !== me.id)}
              files={attach.files}
              locale={clock.locale}
              onAttach={attach.add}
              onStickers={() => setDialog("stickers")}
              onRetryFile={attach.retry}
              onRemoveFile={attach.remove}
              onDraft={onDraft}
              onEditLast={composing.editLast}
              onSend={send}
              onCancel={composing.cancel}
            />
          )}
        </section>
      )}
      {dialog && (
        <MessengerDialogs
          dialog={dialog}
          me={me.id}
          emailConfirmed={me.emailConfirmed}
          chat={open && {
            id: open.id,
            title: openChat?.title ?? open.title,
            muted: openChat?.muted ?? false,
            otherId: open.otherId,
            group: group !== undefined && !left,
          }}
          groupVersion={groups.version}
          chats={chats.filter((chat) => chat.group?.role !== null)}
          csrf={props.csrf}
          locale={props.clock.locale}
          clock={clock}
          labels={l}
          request={request}
          onDialog={setDialog}
          onSticker={(content) =>
            openId && enqueue(queued(openId, { content, contentType: "sticker" }))}
          onMuted={(muted) =>
            setChats((all) => all.map((c) => c.id === openId ? { ...c, muted } : c))}
        />
      )}
    </div>
  );
}
