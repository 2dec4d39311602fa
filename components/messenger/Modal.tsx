/** A dialog over the page: closes on Escape, on the backdrop, or with its own buttons. */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

export function Modal(
  { title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren },
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
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
