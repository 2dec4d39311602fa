/** The bar at the top of a chat with a pinned message: a touch goes to it and shows the next. */
import type { Pin } from "../../chats/events.ts";
import type { Wire } from "../../ws/protocol.ts";

export function PinnedBar(
  { pin, count, labels: l, mayUnpin, onGo, onUnpin }: {
    pin: Wire<Pin>;
    count: number;
    labels: Record<string, string>;
    mayUnpin: boolean;
    onGo(): void;
    onUnpin(): void;
  },
) {
  return (
    <div class="pinned-bar" role="region" aria-label={l.pinned}>
      <button type="button" class="link pinned-go" onClick={onGo}>
        <span class="pinned-label">
          📌 {count > 1 ? l.pinnedCount.replace("{count}", String(count)) : l.pinned}
        </span>
        <span class="pinned-preview">
          {pin.senderName && <strong>{pin.senderName}:</strong>} {pin.preview}
        </span>
      </button>
      {mayUnpin && (
        <button type="button" class="link" onClick={onUnpin} aria-label={l.unpin}>✕</button>
      )}
    </div>
  );
}
