/**
 * What the open personal chat's header says of the other member: online, or last seen, as their
 * privacy lets the reader see; told by `presence` events and read again after a reconnection.
 */
import { useState } from "preact/hooks";
import type { PresenceItem } from "../../components/messenger/ChatView.tsx";
import type { Request } from "./socket.ts";

export function usePresence(request: Request, otherId: number | undefined) {
  const [presence, setPresence] = useState<PresenceItem>();
  return {
    presence,
    /** A `presence` event: kept when it is the other member's. */
    told(update: PresenceItem & { userId: number }) {
      if (update.userId === otherId) setPresence(update);
    },
    /** The other member is writing: online now, if their presence is shown at all. */
    seenActive: () =>
      setPresence((shown) =>
        shown && (shown.online || shown.lastSeenAt) ? { ...shown, online: true } : shown
      ),
    async refresh() {
      if (!otherId) return;
      const answer = await request("users.presence", { userIds: [otherId] });
      if (answer.ok) setPresence(answer.result.presence[0]);
    },
  };
}
