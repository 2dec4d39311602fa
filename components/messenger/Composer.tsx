/**
 * Where a message is written: the text, what it answers or edits, the files attached (picked with
 * the paperclip or pasted), the send button, and in a group the members whose names complete an
 * `@` being typed.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { MessageItem } from "../../lib/client/message_items.ts";
import type { AttachedFile } from "../../lib/client/use_attachments.ts";
import type { MemberItem } from "../../lib/client/use_members.ts";
import { typedMention } from "../../lib/mentions.ts";
import { Lazy } from "./Lazy.tsx";
import { PaperclipIcon, StickerIcon } from "./icons.tsx";

const SUGGESTED = 6;

// Loaded when a first file is attached.
const attachmentTray = () => import("./AttachmentTray.tsx").then((m) => m.AttachmentTray);

interface Props {
  draft: string;
  replyTo?: MessageItem;
  editing?: MessageItem;
  /**
   * Connected. Without a connection new messages still go, into the outbox, to be sent when it is
   * back; an edit waits for it.
   */
  online: boolean;
  labels: Record<string, string>;
  /** The group's other members, to mention. */
  members?: MemberItem[];
  /** Files attached to the message, uploading or uploaded. */
  files: AttachedFile[];
  locale: string;
  onAttach(files: File[]): void;
  onStickers(): void;
  onRetryFile(key: number): void;
  onRemoveFile(key: number): void;
  onDraft(value: string): void;
  /** Up in an empty composer: edit one's last message. */
  onEditLast(): void;
  onSend(): void;
  /** Drops the reply or the edit. */
  onCancel(): void;
}

export function Composer(
  { draft, replyTo, editing, online, labels: l, members = [], files, ...on }: Props,
) {
  const [typed, setTyped] = useState<{ start: number; end: number; prefix: string }>();
  const area = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once the draft next renders: after a completed name. */
  const caret = useRef<number | undefined>(undefined);
  // On a touch screen there is no Shift+Enter to tell of, and the short hint fits a phone.
  const [touch, setTouch] = useState(false);
  useEffect(() => setTouch(matchMedia("(pointer: coarse)").matches), []);
  const wanted = typed?.prefix.toLowerCase();
  const suggestions = wanted === undefined
    ? []
    : members.filter((m) =>
      m.username.toLowerCase().startsWith(wanted) || m.name.toLowerCase().startsWith(wanted)
    ).slice(0, SUGGESTED);
  const follow = (area: HTMLTextAreaElement) => {
    const found = typedMention(area.value, area.selectionStart);
    setTyped(found && { ...found, end: area.selectionStart });
  };
  const complete = (member: MemberItem) => {
    if (!typed) return;
    const before = `${draft.slice(0, typed.start)}@${member.username} `;
    caret.current = before.length;
    on.onDraft(before + draft.slice(typed.end));
    setTyped(undefined);
    area.current?.focus();
  };
  // Writing goes on after a completed name, as if it had been typed. The caret is placed as soon as
  // the new text is rendered, before the next key is handled: a key typed in between would
  // otherwise land where the browser left the caret.
  useLayoutEffect(() => {
    if (caret.current === undefined) return;
    area.current?.setSelectionRange(caret.current, caret.current);
    caret.current = undefined;
  }, [draft]);
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
      {suggestions.length > 0 && (
        <ul class="mention-suggestions" role="listbox">
          {suggestions.map((member) => (
            <li key={member.userId}>
              <button type="button" class="link" onClick={() => complete(member)}>
                <strong>{member.name}</strong> @{member.username}
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <Lazy
          load={attachmentTray}
          props={{
            files,
            locale: on.locale,
            labels: l,
            onRetry: on.onRetryFile,
            onRemove: on.onRemoveFile,
          }}
        />
      )}
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          on.onSend();
        }}
      >
        {!editing && (
          <label class="attach-button" title={l.attach}>
            <PaperclipIcon />
            <input
              type="file"
              multiple
              class="attach-input"
              aria-label={l.attach}
              disabled={!online}
              onChange={(event) => {
                const input = event.target as HTMLInputElement;
                on.onAttach([...input.files ?? []]);
                input.value = "";
              }}
            />
          </label>
        )}
        {!editing && (
          <button
            type="button"
            class="link sticker-button"
            aria-label={l.stickers}
            title={l.stickers}
            onClick={on.onStickers}
          >
            <StickerIcon />
          </button>
        )}
        <textarea
          ref={area}
          name="content"
          rows={1}
          value={draft}
          placeholder={touch ? l.placeholderTouch : l.placeholder}
          maxLength={4000}
          onPaste={(event) => {
            const pasted = [...event.clipboardData?.files ?? []];
            if (pasted.length === 0 || editing) return;
            event.preventDefault();
            on.onAttach(pasted);
          }}
          onInput={(event) => {
            const area = event.target as HTMLTextAreaElement;
            on.onDraft(area.value);
            follow(area);
          }}
          onKeyDown={(event) => {
            if ((event.key === "Tab" || event.key === "Enter") && suggestions.length > 0) {
              event.preventDefault();
              complete(suggestions[0]);
              return;
            }
            if (event.key === "Escape") {
              if (typed) setTyped(undefined);
              else if (replyTo || editing) on.onCancel();
              return;
            }
            if (event.key === "ArrowUp" && draft === "" && !editing) {
              event.preventDefault();
              on.onEditLast();
              return;
            }
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              on.onSend();
            }
          }}
        />
        <button
          type="submit"
          class="primary"
          disabled={editing ? !draft.trim() || !online : !draft.trim() && files.length === 0}
        >
          {l.send}
        </button>
      </form>
    </>
  );
}
