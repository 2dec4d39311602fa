/** Where a message is written: the text, what it answers or edits, and the send button. */
import type { MessageItem } from "../../lib/client/message_items.ts";

interface Props {
  draft: string;
  replyTo?: MessageItem;
  editing?: MessageItem;
  /** Writing is possible: connected, or with an outbox to keep what is sent meanwhile. */
  enabled: boolean;
  labels: Record<string, string>;
  onDraft(value: string): void;
  onSend(): void;
  /** Drops the reply or the edit. */
  onCancel(): void;
}

export function Composer({ draft, replyTo, editing, enabled, labels: l, ...on }: Props) {
  return (
    <>
      {(replyTo || editing) && (
        <div class="composer-context">
          <span>
            {replyTo
              ? `${l.replyingTo} ${replyTo.senderName ?? ""}: ${replyTo.content.slice(0, 80)}`
              : l.editing}
          </span>
          <button type="button" class="link" onClick={on.onCancel}>{l.cancel}</button>
        </div>
      )}
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          on.onSend();
        }}
      >
        <textarea
          name="content"
          rows={1}
          value={draft}
          placeholder={l.placeholder}
          disabled={!enabled}
          maxLength={4000}
          onInput={(event) => on.onDraft((event.target as HTMLTextAreaElement).value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              on.onSend();
            }
          }}
        />
        <button type="submit" class="primary" disabled={!enabled || !draft.trim()}>
          {l.send}
        </button>
      </form>
    </>
  );
}
