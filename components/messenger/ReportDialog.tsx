/** Reporting someone's message to the administrators: a reason, and a note if one likes. */
import { useState } from "preact/hooks";
import { REPORT_REASONS, type ReportReason } from "../../admin/report_reasons.ts";
import type { Request } from "../../lib/client/socket.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  messageId: number;
  labels: Record<string, string>;
  request: Request;
  onClose(): void;
}

export function ReportDialog({ messageId, labels: l, request, onClose }: Props) {
  const [reason, setReason] = useState<ReportReason>("spam");
  const [note, setNote] = useState("");
  const [state, setState] = useState<"writing" | "sending" | "sent" | string>("writing");
  const send = async (event: Event) => {
    event.preventDefault();
    setState("sending");
    const answer = await request("messages.report", { messageId, reason, note });
    setState(answer.ok ? "sent" : answer.message || String(answer.status));
  };
  return (
    <Modal closeLabel={l.close} title={l.reportTitle} onClose={onClose}>
      {state === "sent" ? <p role="status">{l.reported}</p> : (
        <form class="report" onSubmit={send}>
          <p>{l.reportLead}</p>
          <fieldset>
            {REPORT_REASONS.map((value) => (
              <label key={value} class="choice-line">
                <input
                  type="radio"
                  name="reason"
                  value={value}
                  checked={reason === value}
                  onChange={() => setReason(value)}
                />{" "}
                {l[`reportReason.${value}`]}
              </label>
            ))}
          </fieldset>
          <label for="report-note">{l.reportNote}</label>
          <textarea
            id="report-note"
            maxLength={500}
            rows={3}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          {state !== "writing" && state !== "sending" && (
            <p class="alert error" role="alert">{state}</p>
          )}
          <button type="submit" class="danger" disabled={state === "sending"}>
            {l.reportSend}
          </button>
        </form>
      )}
    </Modal>
  );
}
