/**
 * A message's photos full size, over the page: arrows (and the arrow keys) between them, Escape or
 * the backdrop closes; on a phone the browser's pinch zooms in.
 */
import { useEffect, useState } from "preact/hooks";
import type { Attachment } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";

interface Props {
  photos: Wire<Attachment>[];
  index: number;
  labels: Record<string, string>;
  onClose(): void;
}

export function PhotoViewer({ photos, index: first, labels: l, onClose }: Props) {
  const [index, setIndex] = useState(first);
  const photo = photos[index];
  const go = (step: number) => setIndex((at) => (at + step + photos.length) % photos.length);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
      else if (event.key === "ArrowRight") go(1);
      else if (event.key === "ArrowLeft") go(-1);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  return (
    <div
      class="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={photo.name}
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <img src={photo.url} alt={photo.name} width={photo.width} height={photo.height} />
      <div class="viewer-bar">
        {photos.length > 1 && (
          <>
            <button type="button" aria-label={l.previous} onClick={() => go(-1)}>‹</button>
            <span class="viewer-count">{index + 1} / {photos.length}</span>
            <button type="button" aria-label={l.next} onClick={() => go(1)}>›</button>
          </>
        )}
        <a class="button" href={photo.url} download={photo.name}>{l.download}</a>
        <button type="button" aria-label={l.close} onClick={onClose} autofocus>×</button>
      </div>
    </div>
  );
}
