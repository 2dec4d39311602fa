/**
 * The messenger in the browser: the chat list and the open chat, live over /ws. The server
 * renders the same markup first, so the page reads before this runs; then messages arrive as
 * they are stored, sends go through an outbox that survives a dropped connection, and a
 * reconnect catches up on what was missed.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ChatPane } from "../components/messenger/ChatPane.tsx";
import { ChatSection } from "../components/messenger/ChatSection.tsx";
import { type Dialog, MessengerDialogs } from "../components/messenger/MessengerDialogs.tsx";
import { type ChatItem, type OpenChat, toChatItem, withMessage } from "../lib/client/chat_items.ts";
import { toMessageItem } from "../lib/client/message_items.ts";
import { PAGE, useThread } from "../lib/client/use_thread.ts";
import {
  askToNotify,
  notifyOfMessage,
  offerPushSubscription,
} from "../lib/client/notifications.ts";
import { usePresence } from "../lib/client/use_presence.ts";
import { useGroups } from "../lib/client/use_groups.ts";
import { useMembers } from "../lib/client/use_members.ts";
import { queued } from "../lib/client/outbox.ts";
import { useComposer } from "../lib/client/use_composer.ts";
import { useSearch } from "../lib/client/use_search.ts";
import { useSending } from "../lib/client/use_sending.ts";
import { usePins } from "../lib/client/use_pins.ts";
import { applyToOpenChat } from "../lib/client/open_chat_events.ts";
import { ReconnectingSocket, type Request, type SocketState } from "../lib/client/socket.ts";
import { type ClockSettings, useVisitorClock } from "../lib/client/use_clock.ts";
import type { Message } from "../chats/message_rows.ts";
import type { PushFrame, Wire } from "../ws/protocol.ts";

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

export default function Messenger(props: Props) {
  const { me, labels: l, open } = props;
  const openId = open?.id;
  const clock = useVisitorClock(props.clock);
  const [state, setState] = useState<SocketState>("connecting");
  const [chats, setChats] = useState(props.chats);
  const thread = useThread(open);
  const pinned = usePins(open?.pins);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const socket = useRef<ReconnectingSocket | null>(null);
  const request: Request = (method, params) =>
    socket.current?.request(method, params) ?? Promise.resolve({ ok: false, status: 0 });
  const other = usePresence(request, open?.otherId);
  const groups = useGroups(request);
  const openChat = chats.find((c) => c.id === openId);
  const group = openChat?.group;
  const left = group !== undefined && group.role === null;
  const members = useMembers(request, me.id, openId);
  const search = useSearch(request);
  const searchInput = useRef<HTMLInputElement>(null);
  /** The open chat at its latest messages, for a reader who opened it further back. */
  const toLatest = () => location.assign(`/im/${openId}`);
  const sending = useSending({
    me,
    openId,
    thread,
    socket,
    onStored: (message) => onMessage(message),
    toLatest,
  });
  const composer = useComposer({
    me: me.id,
    openId,
    csrf: props.csrf,
    thread,
    sending,
    request,
    online: state === "open",
    onSend: () =>
      askToNotify().then((allowed) => {
        if (allowed) void subscribeToPush();
      }),
  });

  /** Reports the open chat read up to `upTo`, or its last message, while the page is seen. */
  const markRead = (upTo = thread.lastStoredId()) => {
    if (!openId || !upTo || document.visibilityState !== "visible") return;
    request("messages.read", { chatId: openId, messageId: upTo });
    setChats((all) => all.map((c) => c.id === openId ? { ...c, unread: 0 } : c));
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
    await sending.flush();
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
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new ReconnectingSocket(url, {
      onState: setState,
      onPush: (frame) => onPush(frame),
      onOpen: (connection) => void catchUp(connection),
    });
    socket.current = ws;
    ws.connect();
    sending.restore();
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
        <ChatSection
          me={me.id}
          open={open}
          chat={openChat}
          online={state === "open"}
          clock={clock}
          labels={l}
          {...{
            thread,
            members,
            other,
            pinned,
            composer,
            request,
            setDialog,
            historyPage,
            toLatest,
          }}
          onSearch={() => {
            search.filter({ chatId: openId });
            searchInput.current?.focus();
          }}
        />
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
            openId && sending.enqueue(queued(openId, { content, contentType: "sticker" }))}
          onMuted={(muted) =>
            setChats((all) => all.map((c) => c.id === openId ? { ...c, muted } : c))}
        />
      )}
    </div>
  );
}
