/** The sticker pack to pick from: one click sends the sticker. */
import { STICKERS, stickerUrl } from "../../chats/stickers.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  labels: Record<string, string>;
  onPick(sticker: string): void;
  onClose(): void;
}

export function StickerPicker({ labels: l, onPick, onClose }: Props) {
  return (
    <Modal closeLabel={l.close} title={l.stickers} onClose={onClose}>
      <ul class="sticker-grid">
        {STICKERS.map((name) => (
          <li key={name}>
            <button
              type="button"
              class="sticker-choice"
              aria-label={name}
              onClick={() => {
                onPick(name);
                onClose();
              }}
            >
              <img src={stickerUrl(name)} alt="" width={64} height={64} loading="lazy" />
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
