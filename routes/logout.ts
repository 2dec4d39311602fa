/** POST /logout: ends this session and forgets the cookie. */
import { signOut } from "../accounts/signin.ts";
import type { Handlers } from "../framework/server.ts";
import { readForm, seeOther } from "../lib/forms.ts";
import { clearSessionCookie, isSecure } from "../lib/session_cookie.ts";
import type { State } from "../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  async POST(req, ctx) {
    const { session, services } = ctx.state;
    if (session) {
      await readForm(req, ctx);
      await signOut(services.accounts, session.userId, session.tokenId);
    }
    const response = seeOther("/", [clearSessionCookie(isSecure(req, services.config.publicUrl))]);
    // What this browser kept of the account goes with it: the offline copies of chats, the outbox.
    response.headers.set("clear-site-data", '"cache", "storage"');
    return response;
  },
};
