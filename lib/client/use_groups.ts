/**
 * What the messenger island keeps of groups besides the chat list: the invitations waiting for an
 * answer, and a counter the open info panel watches to read its group again after a change.
 */
import { useState } from "preact/hooks";
import type { Invitation } from "../../chats/invitations.ts";
import type { Wire } from "../../ws/protocol.ts";
import type { Request } from "./socket.ts";

export function useGroups(request: Request) {
  const [invitations, setInvitations] = useState<Wire<Invitation>[]>([]);
  const [version, setVersion] = useState(0);
  const loadInvitations = async () => {
    const answer = await request("groups.invitations", {});
    if (answer.ok) setInvitations(answer.result.invitations);
  };
  return {
    invitations,
    version,
    loadInvitations,
    changed: () => setVersion((n) => n + 1),
    /** Joins or declines; a joined group opens. */
    async answer(chatId: number, accept: boolean) {
      const answer = await request(
        accept ? "groups.acceptInvitation" : "groups.declineInvitation",
        { chatId },
      );
      await loadInvitations();
      if (answer.ok && accept) location.assign(`/im/${chatId}`);
    },
  };
}
