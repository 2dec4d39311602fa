/**
 * What the composer is doing besides writing: replying to a message, or editing one of the
 * reader's own (the box then shows that message, and the draft comes back after).
 */
import { useState } from "preact/hooks";
import type { MessageItem } from "./message_items.ts";
import type { Draft } from "./use_draft.ts";

export function useEditing(draft: Draft, messages: () => MessageItem[], me: number) {
  const [replyTo, setReplyTo] = useState<MessageItem>();
  const [editing, setEditing] = useState<MessageItem>();
  const edit = (message: MessageItem) => {
    setEditing(message);
    draft.show(message.content);
  };
  return {
    replyTo,
    editing,
    reply: setReplyTo,
    edit,
    /** The reader's last message, to edit (the up arrow in an empty box). */
    editLast() {
      const last = messages().findLast((m) =>
        m.senderId === me && !m.pending && m.type !== "system"
      );
      if (last) edit(last);
    },
    /** The edit was stored: the draft comes back. */
    edited() {
      setEditing(undefined);
      draft.restore();
    },
    /** A message was sent: nothing left to keep or reply to. */
    sent() {
      draft.clear();
      setReplyTo(undefined);
    },
    cancel() {
      setReplyTo(undefined);
      if (editing) draft.restore();
      setEditing(undefined);
    },
  };
}
