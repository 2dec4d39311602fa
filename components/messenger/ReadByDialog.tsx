/** Who read one of your messages in a group, and when; in a large group, how many. */
import { useEffect, useState } from "preact/hooks";
import type { ReadBy } from "../../chats/reads.ts";
import type { Request } from "../../lib/client/socket.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { Wire } from "../../ws/protocol.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  messageId: number;
  clock: Clock;
  labels: Record<string, string>;
  request: Request;
  onClose(): void;
}

export function ReadByDialog({ messageId, clock, labels: l, request, onClose }: Props) {
  const [readBy, setReadBy] = useState<Wire<ReadBy>>();
  useEffect(() => {
    request("messages.readBy", { messageId }).then((answer) =>
      answer.ok && setReadBy(answer.result.readBy)
    );
  }, [messageId]);
  return (
    <Modal closeLabel={l.close} title={l.readBy} onClose={onClose}>
      {readBy && (readBy.readers
        ? (readBy.readers.length === 0 ? <p>{l.readByNobody}</p> : (
          <ul class="people read-by">
            {readBy.readers.map((reader) => (
              <li key={reader.userId}>
                <strong>{reader.name}</strong>
                <time>{clock.momentOf(reader.at)}</time>
              </li>
            ))}
          </ul>
        ))
        : <p>{l.readByCount.replace("{count}", String(readBy.count))}</p>)}
    </Modal>
  );
}
