/** Deleting a message asks first: it goes for everyone in the chat. */
import { Modal } from "./Modal.tsx";

interface Props {
  labels: Record<string, string>;
  onDelete(): void;
  onClose(): void;
}

export function DeleteMessageDialog({ labels: l, onDelete, onClose }: Props) {
  return (
    <Modal closeLabel={l.close} title={l.deleteMessage} onClose={onClose}>
      <p>{l.deleteMessageConfirm}</p>
      <div class="menu">
        <button
          type="button"
          class="danger"
          autofocus
          onClick={() => {
            onClose();
            onDelete();
          }}
        >
          {l.delete}
        </button>
        <button type="button" class="link" onClick={onClose}>{l.cancel}</button>
      </div>
    </Modal>
  );
}
