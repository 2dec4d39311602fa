/** Groups the user is invited to (added by contacts only, they choose): join or decline. */
import type { Invitation } from "../../chats/invitations.ts";
import type { Wire } from "../../ws/protocol.ts";

interface Props {
  invitations: Wire<Invitation>[];
  labels: Record<string, string>;
  onAnswer(chatId: number, accept: boolean): void;
}

export function Invitations({ invitations, labels: l, onAnswer }: Props) {
  if (invitations.length === 0) return null;
  return (
    <section class="invitations" aria-label={l.invitations}>
      <h3>{l.invitations}</h3>
      <ul>
        {invitations.map((invitation) => (
          <li key={invitation.chatId} data-chat-id={invitation.chatId}>
            <span>
              <strong>{invitation.title}</strong>
              {invitation.invitedBy && (
                <span>{l.invitedBy.replace("{name}", invitation.invitedBy.name)}</span>
              )}
            </span>
            <button
              type="button"
              class="primary"
              onClick={() =>
                onAnswer(invitation.chatId, true)}
            >
              {l.accept}
            </button>
            <button
              type="button"
              class="link"
              onClick={() =>
                onAnswer(invitation.chatId, false)}
            >
              {l.decline}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
