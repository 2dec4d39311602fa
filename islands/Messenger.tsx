/**
 * The messenger in the browser: the chat list and the open chat, live over /ws. The server
 * renders the same markup first, so the page reads before this runs; then messages arrive as
 * they are stored, sends go through an outbox that survives a dropped connection, and a
 * reconnect catches up on what was missed.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ChatList } from "../components/messenger/ChatList.tsx";
import { MessageBubble } from "../components/messenger/MessageBubble.tsx";
import { Modal } from "../components/messenger/Modal.tsx";
import { Outbox } from "../lib/client/outbox.ts";
import { dayOf, momentOf } from "../lib/client/time.ts";
import { type Answer, ReconnectingSocket, type SocketState } from "../lib/client/socket.ts";

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
  senderAvatarVersion?: number;
  content: string;
  createdAt: string;
  editedAt?: string | null;
  replyTo?: number | null;
  clientId?: string | null;
  /** Written here, not yet acknowledged by the server. */
  pending?: boolean;
}

interface OpenChat {
  id: number;
  title: string;
  /** The other member of a personal chat, for blocking. */
  otherId?: number;
  messages: MessageItem[];
  othersRead: number;
}

interface Props {
  me: { id: number; name: string };
  chats: ChatItem[];
  open?: OpenChat;
  labels: Record<string, string>;
  /** The page title without the unread count. */
  title: string;
}

interface Person {
  id: number;
  username: string;
  displayName: string | null;
}

const PAGE = 50;
const TYPING_SHOWN_MS = 5_000;

/** Adds `incoming` to `list` once, keeping the order of ids; pending ones stay last. */
function merge(list: MessageItem[], incoming: MessageItem[]): MessageItem[] {
  const byClientId = new Set(incoming.map((m) => m.clientId).filter(Boolean));
  const kept = list.filter((m) => !(m.pending && m.clientId && byClientId.has(m.clientId)));
  const stored = new Map(kept.filter((m) => !m.pending).map((m) => [m.id, m]));
  for (const m of incoming) stored.set(m.id, m);
  return [...[...stored.values()].sort((a, b) => a.id - b.id), ...kept.filter((m) => m.pending)];
}

export default function Messenger(props: Props) {
  const { me, labels: l, open } = props;
  const openId = open?.id;
  const [state, setState] = useState<SocketState>("connecting");
  const [chats, setChats] = useState(props.chats);
  const [messages, setMessages] = useState(open?.messages ?? []);
  const [othersRead, setOthersRead] = useState(open?.othersRead ?? 0);
  const [draft, setDraft] = useState("");
  const [replyTo, setReplyTo] = useState<MessageItem | undefined>();
  const [editing, setEditing] = useState<MessageItem | undefined>();
  const [below, setBelow] = useState(0);
  const [typingUntil, setTypingUntil] = useState(0);
  const [modal, setModal] = useState<"menu" | "delete" | "add" | undefined>();
  const [found, setFound] = useState<Person[]>([]);
  const [presence, setPresence] = useState<{ online: boolean; lastSeenAt: string | null }>();
  const [noMoreHistory, setNoMoreHistory] = useState((open?.messages.length ?? 0) < PAGE);
  const socket = useRef<ReconnectingSocket | null>(null);
  const outbox = useRef<Outbox | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const lastTypingSent = useRef(0);
  const latest = useRef(messages);
  latest.current = messages;

  const request = (method: string, params?: unknown): Promise<Answer> =>
    socket.current?.request(method, params) ?? Promise.resolve({ id: 0, status: 0 });
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
    request("messages.read", { chatId: openId, messageId: last });
    setChats((all) => all.map((c) => c.id === openId ? { ...c, unread: 0 } : c));
  };

  const flushOutbox = async () => {
    for (const item of outbox.current?.all() ?? []) {
      const answer = await request("messages.send", {
        chatId: item.chatId,
        content: item.content,
        clientId: item.clientId,
        replyTo: item.replyTo,
      });
      if (answer.status === 0) return; // offline again: the rest waits for the next connection
      outbox.current!.remove(item.clientId);
      if (answer.status === 200) {
        // This connection gets no push of its own message: the answer stands in for it.
        onPush("message.new", (answer.result as { message: MessageItem }).message);
      } else {
        setMessages((all) => all.filter((m) => m.clientId !== item.clientId));
      }
    }
  };

  const catchUp = async () => {
    const chatList = await request("chats.list");
    if (chatList.status === 200) {
      setChats((chatList.result as { chats: ServerChat[] }).chats.map((c) => toChatItem(c, l)));
    }
    if (openId) {
      const lastId = latest.current.filter((m) => !m.pending).at(-1)?.id ?? 0;
      const missed = await request("messages.history", {
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
    await refreshPresence();
  };

  const refreshPresence = async () => {
    if (!open?.otherId) return;
    const answer = await request("users.presence", { userIds: [open.otherId] });
    if (answer.status !== 200) return;
    const [found] =
      (answer.result as { presence: { online: boolean; lastSeenAt: string | null }[] })
        .presence;
    setPresence(found);
  };

  const loadOlder = async () => {
    const first = latest.current.find((m) => !m.pending);
    if (!openId || !first || noMoreHistory) return;
    const answer = await request("messages.history", {
      chatId: openId,
      before: first.id,
      limit: PAGE,
    });
    if (answer.status !== 200) return;
    const older = (answer.result as { messages: MessageItem[] }).messages;
    if (older.length < PAGE) setNoMoreHistory(true);
    const el = list.current!;
    const fromBottom = el.scrollHeight - el.scrollTop;
    setMessages((all) => merge(all, older));
    requestAnimationFrame(() => el.scrollTop = el.scrollHeight - fromBottom);
  };

  const onPush = (event: string, data: unknown) => {
    if (event === "message.new") {
      const message = data as MessageItem & { chatId: number };
      const mine = message.senderId === me.id;
      const visible = document.visibilityState === "visible";
      if (message.chatId === openId) {
        const stick = atBottom();
        setMessages((all) => merge(all, [message]));
        setTypingUntil(0);
        if (stick || mine) requestAnimationFrame(scrollDown);
        else setBelow((n) => n + 1);
        if (!mine) markRead(message.id);
      }
      setChats((all) => {
        const chat = all.find((c) => c.id === message.chatId);
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
        return [updated, ...all.filter((c) => c.id !== message.chatId)];
      });
    } else if (event === "message.edited") {
      const edited = data as MessageItem & { chatId: number };
      if (edited.chatId === openId) setMessages((all) => merge(all, [edited]));
    } else if (event === "message.deleted") {
      const { id } = data as { id: number };
      setMessages((all) => all.filter((m) => m.id !== id));
    } else if (event === "chat.read") {
      const read = data as { chatId: number; userId: number; messageId: number };
      if (read.chatId === openId && read.userId !== me.id) {
        setOthersRead((n) => Math.max(n, read.messageId));
      }
    } else if (event === "chat.deleted") {
      const { chatId } = data as { chatId: number };
      setChats((all) => all.filter((c) => c.id !== chatId));
      if (chatId === openId) location.assign("/im");
    } else if (event === "typing") {
      const typing = data as { chatId: number; userId: number };
      if (typing.chatId === openId && typing.userId !== me.id) {
        setTypingUntil(Date.now() + TYPING_SHOWN_MS);
        setTimeout(
          () => setTypingUntil((until) => (until <= Date.now() ? 0 : until)),
          TYPING_SHOWN_MS,
        );
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
    setMessages((all) => [...all, ...waiting.map(pendingItem(me))]);
    scrollDown();
    const onVisible = () => markRead();
    document.addEventListener("visibilitychange", onVisible);
    const presenceTimer = setInterval(refreshPresence, 30_000);
    return () => {
      clearInterval(presenceTimer);
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
    if (!content || !openId || state !== "open") return;
    if (editing) {
      const answer = await request("messages.edit", { messageId: editing.id, content });
      if (answer.status === 200) {
        setMessages((all) => merge(all, [(answer.result as { message: MessageItem }).message]));
        setEditing(undefined);
        setDraft("");
      }
      return;
    }
    if ("Notification" in globalThis && Notification.permission === "default") {
      Notification.requestPermission();
    }
    const item = {
      clientId: crypto.randomUUID(),
      chatId: openId,
      content,
      replyTo: replyTo?.id,
      createdAt: new Date().toISOString(),
    };
    outbox.current!.add(item);
    setMessages((all) => [...all, pendingItem(me)(item)]);
    setDraft("");
    setReplyTo(undefined);
    requestAnimationFrame(scrollDown);
    flushOutbox();
  };

  const onDraft = (value: string) => {
    setDraft(value);
    if (openId && value && Date.now() - lastTypingSent.current > 2_000) {
      lastTypingSent.current = Date.now();
      request("chats.typing", { chatId: openId });
    }
  };

  const search = async (query: string) => {
    const answer = await request("contacts.search", { query });
    setFound(answer.status === 200 ? (answer.result as { people: Person[] }).people : []);
  };
  const startChat = async (userId: number) => {
    await request("contacts.add", { userId });
    const answer = await request("chats.openPersonal", { userId });
    if (answer.status === 200) {
      location.assign(`/im/${(answer.result as { chatId: number }).chatId}`);
    }
  };
  const chatAction = async (method: string, params: Record<string, unknown>) => {
    setModal(undefined);
    await request(method, { chatId: openId, ...params });
    if (method === "chats.mute") {
      setChats((all) =>
        all.map((c) => c.id === openId ? { ...c, muted: params.muted as boolean } : c)
      );
    }
  };

  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const openChat = chats.find((c) => c.id === openId);
  const days: { day: string; items: MessageItem[] }[] = [];
  for (const m of messages) {
    const d = dayOf(m.createdAt);
    if (days.at(-1)?.day !== d) days.push({ day: d, items: [] });
    days.at(-1)!.items.push(m);
  }

  return (
    <div class={`messenger${openId ? " has-open" : ""}`} data-state={state}>
      {state !== "open" && (
        <div class="conn-banner" role="status">
          {state === "connecting" ? l.connecting : l.offline}
        </div>
      )}
      <aside class="chat-pane">
        <div class="pane-head">
          <button
            type="button"
            class="add-contact"
            onClick={() => setModal("add")}
            disabled={state !== "open"}
          >
            + {l.addContact}
          </button>
        </div>
        <ChatList chats={chats} openId={openId} labels={l} />
      </aside>
      {open && (
        <section class="chat-view" aria-label={open.title}>
          <header class="chat-view-head">
            <a class="back" href="/im" aria-label={l.back}>←</a>
            <span class="chat-view-title">
              <strong>{open.title}</strong>
              {typingUntil > 0
                ? <span class="typing">{l.typing}</span>
                : presence && (presence.online || presence.lastSeenAt) && (
                  <span class={`presence${presence.online ? " online" : ""}`}>
                    {presence.online ? l.online : l.lastSeen.replace(
                      "{time}",
                      momentOf(presence.lastSeenAt!),
                    )}
                  </span>
                )}
            </span>
            <button
              type="button"
              class="menu-button"
              aria-label={l.menu}
              onClick={() => setModal("menu")}
            >
              ⋯
            </button>
          </header>
          <ol
            class="messages"
            ref={list}
            onScroll={(event) => {
              if (atBottom()) setBelow(0);
              if ((event.target as HTMLElement).scrollTop < 40) loadOlder();
            }}
          >
            {days.map((group) => [
              <li key={`day-${group.day}`} class="day">{group.day}</li>,
              ...group.items.map((m) => (
                <MessageBubble
                  key={m.pending ? m.clientId : m.id}
                  message={m}
                  mine={m.senderId === me.id}
                  tick={m.pending ? "pending" : m.id <= othersRead ? "read" : "sent"}
                  quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
                  labels={l}
                  onReply={() => setReplyTo(m)}
                  onEdit={() => {
                    setEditing(m);
                    setDraft(m.content);
                  }}
                  onDelete={() => request("messages.delete", { messageId: m.id })}
                />
              )),
            ])}
          </ol>
          {below > 0 && (
            <button type="button" class="to-bottom" onClick={scrollDown}>↓ {below}</button>
          )}
          {(replyTo || editing) && (
            <div class="composer-context">
              <span>
                {replyTo
                  ? `${l.replyingTo} ${replyTo.senderName ?? ""}: ${replyTo.content.slice(0, 80)}`
                  : l.editing}
              </span>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setReplyTo(undefined);
                  if (editing) setDraft("");
                  setEditing(undefined);
                }}
              >
                {l.cancel}
              </button>
            </div>
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
              onInput={(event) => onDraft((event.target as HTMLTextAreaElement).value)}
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
      {modal === "menu" && open && (
        <Modal title={open.title} onClose={() => setModal(undefined)}>
          <div class="menu">
            <button
              type="button"
              onClick={() => chatAction("chats.mute", { muted: !openChat?.muted })}
            >
              {openChat?.muted ? l.unmute : l.mute}
            </button>
            <button type="button" class="danger" onClick={() => setModal("delete")}>
              {l.deleteChat}
            </button>
            {open.otherId && (
              <button
                type="button"
                class="danger"
                onClick={async () => {
                  setModal(undefined);
                  await request("blocks.add", { userId: open.otherId });
                }}
              >
                {l.block}
              </button>
            )}
          </div>
        </Modal>
      )}
      {modal === "delete" && open && (
        <Modal
          title={l.deleteChat}
          onClose={() => setModal(undefined)}
        >
          <p>{l.deleteConfirm}</p>
          <div class="menu">
            <button type="button" onClick={() => chatAction("chats.delete", { forBoth: false })}>
              {l.deleteForMe}
            </button>
            {open.otherId && (
              <button
                type="button"
                class="danger"
                onClick={() => chatAction("chats.delete", { forBoth: true })}
              >
                {l.deleteForBoth}
              </button>
            )}
            <button type="button" class="link" onClick={() => setModal(undefined)}>
              {l.cancel}
            </button>
          </div>
        </Modal>
      )}
      {modal === "add" && (
        <Modal title={l.addContact} onClose={() => setModal(undefined)}>
          <input
            class="search"
            type="search"
            placeholder={l.searchPlaceholder}
            autofocus
            onInput={(event) => search((event.target as HTMLInputElement).value)}
          />
          <ul class="people">
            {found.map((person) => (
              <li key={person.id}>
                <span>
                  <strong>{person.displayName ?? person.username}</strong> @{person.username}
                </span>
                <button type="button" class="primary" onClick={() => startChat(person.id)}>
                  {l.message}
                </button>
              </li>
            ))}
          </ul>
        </Modal>
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
  return (
    item: { clientId: string; content: string; createdAt: string; replyTo?: number },
  ): MessageItem => ({
    id: Number.MAX_SAFE_INTEGER,
    senderId: me.id,
    senderName: me.name,
    content: item.content,
    createdAt: item.createdAt,
    replyTo: item.replyTo,
    clientId: item.clientId,
    pending: true,
  });
}

function notify(title: string, body: string): void {
  if (!("Notification" in globalThis) || Notification.permission !== "granted") return;
  new Notification(title, { body: body.slice(0, 200), tag: title });
}
