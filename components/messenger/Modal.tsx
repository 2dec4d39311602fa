/** A dialog over the page: closes on Escape, on the backdrop, or with its own buttons. */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

export function Modal(
  { title, onClose, children, closeLabel = "Close" }: {
    title: string;
    onClose: () => void;
    children: ComponentChildren;
    /** The close button's name for screen readers, in the page's language. */
    closeLabel?: string;
  },
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  return (
    <div
      class="modal-backdrop"
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <div class="modal" role="dialog" aria-modal="true" aria-label={title}>
        <div class="modal-head">
          <h2>{title}</h2>
          <button type="button" class="link modal-close" aria-label={closeLabel} onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
