/**
 * What the messenger does when a message's action is chosen: the dialogs that ask first (delete,
 * report, forward, who read it, the photos), and the pins and reactions that need only the server's
 * word.
 */
import type { Dialog } from "../../components/messenger/MessengerDialogs.tsx";
import type { Attachment } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";
import type { MessageItem } from "./message_items.ts";
import type { Request } from "./socket.ts";
import type { usePins } from "./use_pins.ts";
import type { useThread } from "./use_thread.ts";

export function messageActions(options: {
  request: Request;
  thread: ReturnType<typeof useThread>;
  pinned: ReturnType<typeof usePins>;
  setDialog(dialog: Dialog): void;
}) {
  const { request, thread, pinned, setDialog } = options;
  return {
    pinned,
    onDelete: (m: MessageItem) => setDialog({ deleting: m.id }),
    onReport: (m: MessageItem) => setDialog({ reporting: m.id }),
    onForward: (m: MessageItem) => setDialog({ forwarding: m.id }),
    onViewPhotos: (photos: Wire<Attachment>[], index: number) => setDialog({ photos, index }),
    async onPin(messageId: number, pin: boolean) {
      const answer = await request("messages.pin", { messageId, pinned: pin });
      if (answer.ok) pinned.set(answer.result.pins);
    },
    async onReact(m: MessageItem, emoji: string) {
      const answer = await request("reactions.toggle", { messageId: m.id, emoji });
      if (answer.ok) thread.react(m.id, answer.result.reactions);
    },
  };
}
