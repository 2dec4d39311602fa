/**
 * The open chat's pinned messages, newest first, and which of them the bar shows: a touch on the
 * bar goes to that message and moves the bar on to the next, as messengers do.
 */
import { useState } from "preact/hooks";
import type { Pin } from "../../chats/events.ts";
import type { Wire } from "../../ws/protocol.ts";

export function usePins(first: Wire<Pin>[] = []) {
  const [pins, setPins] = useState(first);
  const [at, setAt] = useState(0);
  const shown = pins.length > 0 ? pins[at % pins.length] : undefined;
  return {
    pins,
    shown,
    /** The pins as they now stand; the bar starts again at the newest. */
    set(next: Wire<Pin>[]) {
      setPins(next);
      setAt(0);
    },
    /** Whether message `id` is pinned. */
    has: (id: number) => pins.some((pin) => pin.messageId === id),
    /** The shown pin was followed: the bar shows the next. */
    followed: () => setAt((n) => n + 1),
  };
}
