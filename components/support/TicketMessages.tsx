/**
 * A ticket's conversation in the style of a chat: the reader's side on the right, the other on the
 * left, staff's notes marked. Plain text, as typed (line breaks kept), never HTML.
 */
import type { TicketMessage } from "../../support/tickets.ts";
import type { Wire } from "../../ws/protocol.ts";
import { type ClockSettings, makeClock } from "../../lib/client/time.ts";

/** Messages as they travel to the browser, times as ISO strings: what an island is given. */
export function wireMessages(messages: TicketMessage[]): Wire<TicketMessage>[] {
  return messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
}

export interface TicketLabels {
  you: string;
  support: string;
  note: string;
  guest: string;
}

export function TicketMessages(
  { messages, viewer, labels, clock }: {
    messages: Wire<TicketMessage>[];
    /** Whose view: the asker's ("mine" is theirs) or staff's ("mine" is staff's). */
    viewer: "asker" | "staff";
    labels: TicketLabels;
    clock: ClockSettings;
  },
) {
  const times = makeClock(clock);
  return (
    <ol class="ticket-messages" aria-live="polite">
      {messages.map((message) => {
        const mine = viewer === "staff" ? message.fromStaff : !message.fromStaff;
        const who = message.fromStaff
          ? (viewer === "staff" ? message.author : labels.support)
          : (viewer === "asker" ? labels.you : message.author ?? labels.guest);
        return (
          <li
            key={message.id}
            class={`ticket-message${mine ? " mine" : ""}${message.internal ? " internal" : ""}`}
            data-id={message.id}
          >
            <p class="meta">
              <span class="who">{who}</span>
              {message.internal && <span class="note-mark">{labels.note}</span>}
              <time dateTime={message.createdAt}>{times.momentOf(message.createdAt)}</time>
            </p>
            {message.body && <p class="body">{message.body}</p>}
            {message.attachments.length > 0 && (
              <ul class="ticket-files">
                {message.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={file.url} target="_blank" rel="noopener">
                      {file.kind === "image" && <img src={file.thumbUrl ?? file.url} alt="" />}
                      {file.name}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
