/**
 * A ticket's conversation, live: told over the socket that the ticket changed, it asks for the
 * messages after the last one it shows. For the asker it also sends their answer over the socket;
 * without JavaScript the same form posts to the page.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ReconnectingSocket } from "../lib/client/socket.ts";
import type { ClockSettings } from "../lib/client/time.ts";
import { CSRF_FIELD } from "../lib/csrf_field.ts";
import type { TicketMessage, TicketStatus } from "../support/tickets.ts";
import type { Wire } from "../ws/protocol.ts";
import { type TicketLabels, TicketMessages } from "../components/support/TicketMessages.tsx";
import { AttachFiles, type AttachLabels } from "../components/support/AttachFiles.tsx";

interface Props {
  ticketId: number;
  messages: Wire<TicketMessage>[];
  viewer: "asker" | "staff";
  status: TicketStatus;
  clock: ClockSettings;
  labels: TicketLabels & { answer: string; send: string; closed: string; solved: string };
  attachLabels: AttachLabels;
  locale: string;
  /** The answer form's token; no form for staff, whose answers go through their own form. */
  csrf?: string;
}

export default function TicketThread(props: Props) {
  const [messages, setMessages] = useState(props.messages);
  const [status, setStatus] = useState(props.status);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  // A new file picker for each answer sent.
  const [round, setRound] = useState(0);
  const socket = useRef<ReconnectingSocket | undefined>(undefined);
  const last = useRef(props.messages.at(-1)?.id ?? 0);

  const refresh = async () => {
    const answer = await socket.current?.request("tickets.thread", {
      ticketId: props.ticketId,
      after: last.current,
    });
    if (!answer?.ok) return;
    setStatus(answer.result.ticket.status);
    const fresh = answer.result.messages.filter((m) => m.id > last.current);
    if (fresh.length === 0) return;
    last.current = fresh.at(-1)!.id;
    setMessages((shown) => [...shown, ...fresh]);
  };

  useEffect(() => {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new ReconnectingSocket(url, {
      onState: () => {},
      onPush: (frame) => {
        if (frame.event === "ticket.updated" && frame.data.ticketId === props.ticketId) {
          void refresh();
        }
        if (frame.event === "session.ended") location.assign("/");
      },
      // What came while the connection was down, too.
      onOpen: () => void refresh(),
    });
    socket.current = ws;
    ws.connect();
    return () => ws.close();
  }, []);

  const send = async (event: Event) => {
    const body = draft.trim();
    if (!socket.current?.isOpen) return; // the form posts itself
    event.preventDefault();
    const attachments = new FormData(event.currentTarget as HTMLFormElement)
      .getAll("attachments").map(String);
    if (!body && attachments.length === 0) return;
    const answer = await socket.current.request("tickets.answer", {
      ticketId: props.ticketId,
      body,
      attachments,
    });
    if (answer.ok) {
      setDraft("");
      setError("");
      setRound((n) => n + 1);
      await refresh();
    } else {
      setError(answer.message ?? "");
    }
  };

  const { labels, csrf } = props;
  return (
    <div class="ticket-thread">
      <TicketMessages
        messages={messages}
        viewer={props.viewer}
        labels={labels}
        clock={props.clock}
      />
      {status === "solved" && props.viewer === "asker" && <p class="hint">{labels.solved}</p>}
      {csrf !== undefined && (status === "closed"
        ? <p class="hint">{labels.closed}</p>
        : (
          <form method="post" class="ticket-answer" onSubmit={send}>
            <input type="hidden" name={CSRF_FIELD} value={csrf} />
            <label for="ticket-answer">{labels.answer}</label>
            <textarea
              id="ticket-answer"
              name="body"
              maxLength={10_000}
              rows={4}
              value={draft}
              onInput={(event) => setDraft(event.currentTarget.value)}
            />
            <AttachFiles
              key={round}
              csrf={csrf}
              locale={props.locale}
              labels={props.attachLabels}
            />
            {error && <p class="alert error" role="alert">{error}</p>}
            <button type="submit">{labels.send}</button>
          </form>
        ))}
    </div>
  );
}
