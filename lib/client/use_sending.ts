/**
 * Sending from the messenger: a message goes to the outbox, which keeps it until the server has
 * it, and shows as pending in the open chat meanwhile; typing is told to the others now and then.
 */
import { useRef } from "preact/hooks";
import type { Message } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";
import { pendingItem } from "./message_items.ts";
import { Outbox, type Queued, type SendOutcome } from "./outbox.ts";
import type { ReconnectingSocket } from "./socket.ts";
import type { useThread } from "./use_thread.ts";

const TYPING_SENT_EVERY_MS = 2_000;

export function useSending(options: {
  me: { id: number; name: string };
  openId?: number;
  thread: ReturnType<typeof useThread>;
  socket: { current: ReconnectingSocket | null };
  /** Told of each message stored: its answer stands in for the push this connection does not get. */
  onStored: (message: Wire<Message>) => void;
  /** Opens the chat at its latest messages, below which a new one goes. */
  toLatest: () => void;
}) {
  const { me, openId, thread, socket } = options;
  const outbox = useRef<Outbox | null>(null);
  const lastTypingSent = useRef(0);
  // Made in the browser only: the outbox lives in localStorage.
  const theOutbox = () => outbox.current ??= new Outbox(me.id);

  const sendQueued = async (item: Queued): Promise<SendOutcome> => {
    const { chatId, content, clientId, replyTo, contentType } = item;
    const attachments = item.attachments?.map((a) => a.id);
    const params = { chatId, content, clientId, replyTo, contentType, attachments };
    const answer = await socket.current?.requestPatiently("messages.send", params) ??
      { ok: false, status: 0 } as const;
    if (answer.ok) {
      options.onStored(answer.result.message);
      return "stored";
    }
    if (answer.status === 0) return "unanswered";
    thread.remove((m) => m.clientId !== clientId);
    return "refused";
  };

  const flush = () => theOutbox().flush(sendQueued);

  return {
    flush,
    /** Shows what an earlier visit left in the outbox for the open chat, pending until sent. */
    restore() {
      const waiting = theOutbox().all().filter((m) => m.chatId === openId);
      thread.addPending(waiting.map((item) => pendingItem(me, item)));
    },
    /** Sends a new message, through the outbox. */
    enqueue(item: Queued) {
      theOutbox().add(item);
      // It goes below the latest messages, which are not loaded here: they are, there.
      if (thread.newerMissing) return options.toLatest();
      thread.addPending([pendingItem(me, item)]);
      requestAnimationFrame(thread.scrollDown);
      void flush();
    },
    /** Tells the others of the open chat that this user is typing, at most every two seconds. */
    typed(value: string) {
      if (!openId || !value || Date.now() - lastTypingSent.current <= TYPING_SENT_EVERY_MS) return;
      lastTypingSent.current = Date.now();
      socket.current?.request("chats.typing", { chatId: openId });
    },
  };
}
