/**
 * Starting a personal chat from a list of people, and what the user is told when it is refused:
 * an unconfirmed account is offered the confirmation e-mail again.
 */
import { useState } from "preact/hooks";
import type { Request } from "../../lib/client/socket.ts";
import { CSRF_FIELD } from "../../lib/csrf_field.ts";

/** Opens the chat with a person, or keeps why it could not be opened. */
export function useStartChat(request: Request, emailConfirmed: boolean, confirmFirst: string) {
  const [refusal, setRefusal] = useState<string>();
  return {
    refusal,
    setRefusal,
    async startChat(userId: number) {
      const answer = await request("chats.openPersonal", { userId });
      if (answer.ok) location.assign(`/im/${answer.result.chatId}`);
      else if (answer.status === 403 && !emailConfirmed) setRefusal(confirmFirst);
      else setRefusal(answer.message ?? String(answer.status));
    },
  };
}

export function Refusal(
  { text, emailConfirmed, csrf, resendLabel }: {
    text?: string;
    emailConfirmed: boolean;
    csrf: string;
    resendLabel: string;
  },
) {
  if (!text) return null;
  return (
    <div class="form-error" role="alert">
      <p>{text}</p>
      {!emailConfirmed && (
        <form method="post" action="/account">
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <input type="hidden" name="tab" value="email" />
          <input type="hidden" name="action" value="resend" />
          <button type="submit" class="link">{resendLabel}</button>
        </form>
      )}
    </div>
  );
}
