/**
 * The messenger in the browser: the chat list and the open chat, live over /ws. The server
 * renders the same markup first, so the page reads before this runs; then messages arrive as
 * they are stored, sends go through an outbox that survives a dropped connection, and a
 * reconnect catches up on what was missed.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { renderMarkdown } from "../lib/markdown.ts";
import { Outbox } from "../lib/client/outbox.ts";
import { ReconnectingSocket, type SocketState } from "../lib/client/socket.ts";

export interface ChatItem {
  id: number;
  title: string;
  avatar?: string;
  lastText?: string;
  lastSender?: string;
  lastAt?: string;
  unread: number;
  muted: boolean;
}

export interface MessageItem {
  id: number;
  senderId: number | null;
  senderName: string | null;
  content: string;
  createdAt: string;
  clientId?: string | null;
  /** Written here, not yet acknowledged by the server. */
  pending?: boolean;
}

interface Props {
  me: { id: number; name: string };
  chats: ChatItem[];
  open?: { id: number; title: string; messages: MessageItem[]; othersRead: number };
  labels: Record<string, string>;
  /** The page title without the unread count. */
  title: string;
}

interface PushedMessage {
  id: number;
  chatId: number;
  senderId: number | null;
  senderName: string | null;
  content: string;
  clientId: string | null;
  createdAt: string;
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const day = (iso: string) => new Date(iso).toLocaleDateString();

/** Adds `incoming` to `list` once, keeping the order of ids; pending ones stay last. */
function merge(list: MessageItem[], incoming: MessageItem[]): MessageItem[] {
  const byClientId = new Set(incoming.map((m) => m.clientId).filter(Boolean));
  const kept = list.filter((m) => !(m.pending && m.clientId && byClientId.has(m.clientId)));
  const ids = new Set(kept.filter((m) => !m.pending).map((m) => m.id));
  const stored = [...kept.filter((m) => !m.pending), ...incoming.filter((m) => !ids.has(m.id))]
    .sort((a, b) => a.id - b.id);
  return [...stored, ...kept.filter((m) => m.pending)];
}

export default function Messenger(props: Props) {
  const { me, labels: l } = props;
  const openId = props.open?.id;
  const [state, setState] = useState<SocketState>("connecting");
  const [chats, setChats] = useState(props.chats);
  const [messages, setMessages] = useState(props.open?.messages ?? []);
  const [othersRead, setOthersRead] = useState(props.open?.othersRead ?? 0);
  const [draft, setDraft] = useState("");
  const [below, setBelow] = useState(0);
  const socket = useRef<ReconnectingSocket | null>(null);
  const outbox = useRef<Outbox | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const latest = useRef(messages);
  latest.current = messages;

  const atBottom = () => {
    const el = list.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  const scrollDown = () => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
    setBelow(0);
  };

  /** Reports the open chat read up to `upTo`, or its last message, while the page is seen. */
  const markRead = (upTo?: number) => {
    const last = upTo ?? latest.current.filter((m) => !m.pending).at(-1)?.id;
    if (!openId || !last || document.visibilityState !== "visible") return;
    socket.current?.request("messages.read", { chatId: openId, messageId: last });
    setChats((all) => all.map((c) => c.id === openId ? { ...c, unread: 0 } : c));
  };

  const flushOutbox = async () => {
    for (const item of outbox.current?.all() ?? []) {
      const answer = await socket.current!.request("messages.send", {
        chatId: item.chatId,
        content: item.content,
        clientId: item.clientId,
      });
      if (answer.status === 0) return; // offline again: keep the rest for the next connection
      outbox.current!.remove(item.clientId);
      if (answer.status === 200 && item.chatId === openId) {
        const { message } = answer.result as { message: PushedMessage };
        setMessages((all) => merge(all, [message]));
      }
    }
  };

  const catchUp = async () => {
    const chatList = await socket.current!.request("chats.list");
    if (chatList.status === 200) {
      const fresh = (chatList.result as { chats: ServerChat[] }).chats;
      setChats(fresh.map((c) => toChatItem(c, l)));
    }
    if (openId) {
      const lastId = latest.current.filter((m) => !m.pending).at(-1)?.id ?? 0;
      const missed = await socket.current!.request("messages.history", {
        chatId: openId,
        after: lastId,
        limit: 200,
      });
      if (missed.status === 200) {
        setMessages((all) => merge(all, (missed.result as { messages: MessageItem[] }).messages));
      }
    }
    await flushOutbox();
    markRead();
  };

  const onPush = (event: string, data: unknown) => {
    if (event === "message.new") {
      const message = data as PushedMessage;
      const mine = message.senderId === me.id;
      const visible = document.visibilityState === "visible";
      if (message.chatId === openId) {
        const stick = atBottom();
        setMessages((all) => merge(all, [message]));
        if (stick || mine) requestAnimationFrame(scrollDown);
        else setBelow((n) => n + 1);
        if (!mine) markRead(message.id);
      }
      setChats((all) => {
        const chat = all.find((c) => c.id === message.chatId);
        const rest = all.filter((c) => c.id !== message.chatId);
        const unread = !mine && (message.chatId !== openId || !visible);
        const updated: ChatItem = {
          ...(chat ??
            { id: message.chatId, title: message.senderName ?? "", unread: 0, muted: false }),
          lastText: message.content,
          lastSender: message.senderName ?? undefined,
          lastAt: message.createdAt,
        };
        if (unread) updated.unread += 1;
        if (unread && !updated.muted && !visible) notify(updated.title, message.content);
        return [updated, ...rest];
      });
    } else if (event === "chat.read") {
      const read = data as { chatId: number; userId: number; messageId: number };
      if (read.chatId === openId && read.userId !== me.id) {
        setOthersRead((n) => Math.max(n, read.messageId));
      }
    }
  };

  useEffect(() => {
    outbox.current = new Outbox(me.id);
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new ReconnectingSocket(url, {
      onState: setState,
      onPush: (event, data) => onPush(event, data),
      onOpen: () => void catchUp(),
    });
    socket.current = ws;
    ws.connect();
    // Messages left in the outbox by an earlier visit show as pending until they are sent.
    const waiting = outbox.current.all().filter((m) => m.chatId === openId);
    setMessages((all) => merge(all, []).concat(waiting.map(pendingItem(me))));
    scrollDown();
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

  const send = () => {
    const content = draft.trim();
    if (!content || !openId || state !== "open") return;
    if ("Notification" in globalThis && Notification.permission === "default") {
      Notification.requestPermission();
    }
    const item = {
      clientId: crypto.randomUUID(),
      chatId: openId,
      content,
      createdAt: new Date().toISOString(),
    };
    outbox.current!.add(item);
    setMessages((all) => [...all, pendingItem(me)(item)]);
    setDraft("");
    requestAnimationFrame(scrollDown);
    flushOutbox();
  };

  const grouped = useMemo(() => {
    const days: { day: string; items: MessageItem[] }[] = [];
    for (const m of messages) {
      const d = day(m.createdAt);
      if (days.at(-1)?.day !== d) days.push({ day: d, items: [] });
      days.at(-1)!.items.push(m);
    }
    return days;
  }, [messages]);

  return (
    <div class={`messenger${openId ? " has-open" : ""}`} data-state={state}>
      {state !== "open" && (
        <div class="conn-banner" role="status">
          {state === "connecting" ? l.connecting : l.offline}
        </div>
      )}
      <aside class="chat-pane">
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
                {chat.avatar
                  ? <img class="avatar" src={chat.avatar} alt="" width={40} height={40} />
                  : (
                    <span class="avatar initial hue-6" aria-hidden="true">
                      {chat.title[0]?.toUpperCase()}
                    </span>
                  )}
                <span class="chat-text">
                  <span class="chat-head">
                    <strong class="chat-title">{chat.title}</strong>
                    {chat.lastAt && <time>{time(chat.lastAt)}</time>}
                  </span>
                  <span class="chat-last">
                    {chat.lastText === undefined
                      ? l.noMessages
                      : `${chat.lastSender ? chat.lastSender + ": " : ""}${chat.lastText}`}
                  </span>
                </span>
                {chat.unread > 0 && <span class="badge">{chat.unread}</span>}
              </a>
            </li>
          ))}
        </ul>
      </aside>
      {props.open && (
        <section class="chat-view" aria-label={props.open.title}>
          <header class="chat-view-head">
            <a class="back" href="/im" aria-label={l.back}>←</a>
            <strong>{props.open.title}</strong>
          </header>
          <ol class="messages" ref={list} onScroll={() => atBottom() && setBelow(0)}>
            {grouped.map((group) => (
              <>
                <li key={group.day} class="day">{group.day}</li>
                {group.items.map((m) => {
                  const mine = m.senderId === me.id;
                  const tick = m.pending ? "pending" : m.id <= othersRead ? "read" : "sent";
                  return (
                    <li
                      key={m.pending ? m.clientId : m.id}
                      class={`message ${mine ? "mine" : "theirs"}`}
                      data-message-id={m.pending ? undefined : m.id}
                    >
                      {!mine && <span class="from">{m.senderName ?? l.deletedUser}</span>}
                      <div
                        class="body"
                        dangerouslySetInnerHTML={{ __html: renderMarkdown(m.content) }}
                      />
                      <span class="meta">
                        <time>{time(m.createdAt)}</time>
                        {mine && (
                          <span class={`tick ${tick}`} title={l[`tick.${tick}`]}>
                            {tick === "pending" ? "⏱" : tick === "read" ? "✓✓" : "✓"}
                          </span>
                        )}
                      </span>
                    </li>
                  );
                })}
              </>
            ))}
          </ol>
          {below > 0 && (
            <button type="button" class="to-bottom" onClick={scrollDown}>↓ {below}</button>
          )}
          <form
            class="composer"
            onSubmit={(event) => {
              event.preventDefault();
              send();
            }}
          >
            <textarea
              name="content"
              rows={1}
              value={draft}
              placeholder={l.placeholder}
              disabled={state !== "open"}
              maxLength={4000}
              onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
                  event.preventDefault();
                  send();
                }
              }}
            />
            <button type="submit" class="primary" disabled={state !== "open" || !draft.trim()}>
              {l.send}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}

/** A chat as `chats.list` sends it. */
interface ServerChat {
  id: number;
  title: string;
  other?: { id: number; avatarVersion: number; deleted: boolean };
  last?: { content: string; senderName: string | null; at: string };
  unread: number;
  muted: boolean;
}

/** The list item for a chat of `chats.list` (the server builds the same from its rows). */
export function toChatItem(chat: ServerChat, labels: Record<string, string>): ChatItem {
  const deleted = chat.other?.deleted ?? false;
  return {
    id: chat.id,
    title: deleted ? labels.deletedUser : chat.title,
    avatar: chat.other && !deleted && chat.other.avatarVersion > 0
      ? `/avatars/${chat.other.id}?v=${chat.other.avatarVersion}`
      : undefined,
    lastText: chat.last?.content,
    lastSender: chat.last?.senderName ?? undefined,
    lastAt: chat.last ? String(chat.last.at) : undefined,
    unread: chat.unread,
    muted: chat.muted,
  };
}

function pendingItem(me: { id: number; name: string }) {
  return (item: { clientId: string; content: string; createdAt: string }): MessageItem => ({
    id: Number.MAX_SAFE_INTEGER,
    senderId: me.id,
    senderName: me.name,
    content: item.content,
    createdAt: item.createdAt,
    clientId: item.clientId,
    pending: true,
  });
}

function notify(title: string, body: string): void {
  if (!("Notification" in globalThis) || Notification.permission !== "granted") return;
  new Notification(title, { body: body.slice(0, 200), tag: title });
}
