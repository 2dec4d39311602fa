/**
 * The open chat's messages as the messenger island keeps them: the list (stored, then pending),
 * how far the others have read, who is typing, how many came in below the view, and scrolling.
 */
import type { Reaction } from "../../chats/message_rows.ts";
import { useRef, useState } from "preact/hooks";
import { merge, type MessageItem } from "./message_items.ts";

/** Messages a history page holds; a shorter page is the chat's first. */
export const PAGE = 50;
type Pages = Promise<MessageItem[] | undefined>;
const TYPING_SHOWN_MS = 5_000;

export function useThread(
  first?: { messages: MessageItem[]; othersRead: number; newerMissing?: boolean },
) {
  const [messages, setMessages] = useState(first?.messages ?? []);
  const [othersRead, setOthersRead] = useState(first?.othersRead ?? 0);
  const [below, setBelow] = useState(0);
  const [typingUntil, setTypingUntil] = useState(0);
  const [noMoreHistory, setNoMoreHistory] = useState((first?.messages.length ?? 0) < PAGE);
  // Opened around an older message: the latest are not loaded, and new ones wait below them.
  const [newerMissing, setNewerMissing] = useState(first?.newerMissing ?? false);
  const list = useRef<HTMLOListElement>(null);
  const latest = useRef(messages);
  latest.current = messages;
  const loading = useRef(false);

  const atBottom = () => {
    const el = list.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  const scrollDown = () => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
    setBelow(0);
  };

  return {
    messages,
    othersRead,
    below,
    typing: typingUntil > 0,
    newerMissing,
    list,
    scrollDown,
    /** Brings message `id` into the middle of the view, marked as the one looked for. */
    reveal(id: number) {
      const item = list.current?.querySelector(`[data-message-id="${id}"]`);
      item?.scrollIntoView({ block: "center" });
      item?.classList.add("found");
    },
    /** The last message the server has stored, 0 when none. */
    lastStoredId: () => latest.current.filter((m) => !m.pending).at(-1)?.id ?? 0,
    /** Adds or replaces stored messages. */
    add: (incoming: MessageItem[]) => setMessages((all) => merge(all, incoming)),
    /** Adds messages written here, not stored yet, at the end. */
    addPending: (pending: MessageItem[]) => setMessages((all) => [...all, ...pending]),
    remove: (keep: (m: MessageItem) => boolean) => setMessages((all) => all.filter(keep)),
    /** A message's reactions as they now stand. */
    react: (messageId: number, reactions: Reaction[]) =>
      setMessages((all) =>
        all.map((m) => m.id === messageId && !m.pending ? { ...m, reactions } : m)
      ),
    /** A new message of this chat: kept in view when the reader is at the bottom. */
    arrived(message: MessageItem, mine: boolean) {
      if (newerMissing) return setBelow((n) => n + 1);
      const stick = atBottom();
      setMessages((all) => merge(all, [message]));
      setTypingUntil(0);
      if (stick || mine) requestAnimationFrame(scrollDown);
      else setBelow((n) => n + 1);
    },
    othersReadUpTo: (messageId: number) => setOthersRead((n) => Math.max(n, messageId)),
    showTyping() {
      setTypingUntil(Date.now() + TYPING_SHOWN_MS);
      setTimeout(
        () => setTypingUntil((until) => (until <= Date.now() ? 0 : until)),
        TYPING_SHOWN_MS,
      );
    },
    /**
     * After a scroll: older messages load at the top; at the bottom, newer ones when they are
     * missing, else the count below clears.
     */
    async scrolled(top: number, load: (page: { before?: number; after?: number }) => Pages) {
      const stored = latest.current.filter((m) => !m.pending);
      if (loading.current || stored.length === 0) return;
      if (atBottom() && newerMissing) {
        loading.current = true;
        const page = await load({ after: stored.at(-1)!.id }).finally(() =>
          loading.current = false
        );
        if (!page) return;
        if (page.length < PAGE) setNewerMissing(false);
        return setMessages((all) => merge(all, page));
      }
      if (atBottom()) setBelow(0);
      if (top >= 40 || noMoreHistory) return;
      loading.current = true;
      const page = await load({ before: stored[0].id }).finally(() => loading.current = false);
      if (!page) return;
      if (page.length < PAGE) setNoMoreHistory(true);
      const el = list.current!;
      const fromBottom = el.scrollHeight - el.scrollTop;
      setMessages((all) => merge(all, page));
      requestAnimationFrame(() => el.scrollTop = el.scrollHeight - fromBottom);
    },
  };
}
