/** Forwarding a message: pick a chat, filtered as you type; the message goes there at once. */
import { useState } from "preact/hooks";
import type { Request } from "../../lib/client/socket.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  messageId: number;
  chats: { id: number; title: string }[];
  labels: Record<string, string>;
  request: Request;
  onClose(): void;
}

export function ForwardDialog({ messageId, chats, labels: l, request, onClose }: Props) {
  const [filter, setFilter] = useState("");
  const [done, setDone] = useState<string>();
  const [error, setError] = useState("");
  // One id per forward: a retry after a lost answer does not send it twice.
  const [clientId] = useState(() => crypto.randomUUID());
  const shown = chats.filter((chat) =>
    chat.title.toLocaleLowerCase().includes(filter.trim().toLocaleLowerCase())
  );
  const forward = async (chat: { id: number; title: string }) => {
    const answer = await request("messages.forward", { messageId, chatId: chat.id, clientId });
    if (answer.ok) setDone(chat.title);
    else setError(answer.message || String(answer.status));
  };
  return (
    <Modal closeLabel={l.close} title={l.forwardTitle} onClose={onClose}>
      {done ? <p role="status">{l.forwarded.replace("{chat}", done)}</p> : (
        <>
          <input
            type="search"
            aria-label={l.forwardFilter}
            placeholder={l.forwardFilter}
            value={filter}
            onInput={(event) => setFilter(event.currentTarget.value)}
          />
          {error && <p class="alert error" role="alert">{error}</p>}
          <ul class="people forward-to">
            {shown.map((chat) => (
              <li key={chat.id}>
                <button type="button" class="link" onClick={() => forward(chat)}>
                  {chat.title}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
