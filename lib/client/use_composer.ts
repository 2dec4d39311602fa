/**
 * The composer of the open chat: its draft, the reply or edit under way, the files attached, and
 * sending (a new message through the outbox, an edit straight to the server).
 */
import { toMessageItem } from "./message_items.ts";
import { queued } from "./outbox.ts";
import type { Request } from "./socket.ts";
import { useAttachments } from "./use_attachments.ts";
import { useDraft } from "./use_draft.ts";
import { useEditing } from "./use_editing.ts";
import type { useSending } from "./use_sending.ts";
import type { useThread } from "./use_thread.ts";

export function useComposer(options: {
  me: number;
  openId?: number;
  /** The token of the forms files are uploaded with. */
  csrf: string;
  thread: ReturnType<typeof useThread>;
  sending: ReturnType<typeof useSending>;
  request: Request;
  /** Whether the socket is open: an edit needs the server. */
  online: boolean;
  /** Told at each send: the moment to ask whether to notify. */
  onSend: () => void;
}) {
  const { me, openId, thread, sending } = options;
  const draft = useDraft(me, openId);
  const composing = useEditing(draft, () => thread.messages, me);
  const attach = useAttachments(options.csrf);
  const { editing } = composing;

  return {
    ...composing,
    draft: draft.text,
    attach,
    onDraft(value: string) {
      if (editing) draft.show(value);
      else draft.type(value);
      sending.typed(value);
    },
    async send() {
      const content = draft.text.trim();
      if ((!content && attach.files.length === 0) || !openId) return;
      if (editing) {
        if (!options.online) return;
        const answer = await options.request("messages.edit", { messageId: editing.id, content });
        if (answer.ok) {
          thread.add([toMessageItem(answer.result.message)]);
          composing.edited();
        }
        return;
      }
      options.onSend();
      // Sending waits for the files; one that failed stays, with Retry, and nothing is sent.
      const attachments = attach.files.length > 0 ? await attach.ready() : [];
      if (!attachments) return;
      attach.clear();
      sending.enqueue(queued(openId, {
        content,
        replyTo: composing.replyTo?.id,
        ...(attachments.length > 0 ? { attachments } : {}),
      }));
      composing.sent();
    },
  };
}
