/** The home page: the messenger for signed-in visitors, the sign-in form for everyone else. */
import type { Handlers } from "../framework/server.ts";
import { returnPath, seeOther } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import LoginPage, { type LoginData } from "../components/LoginPage.tsx";

export const handler: Handlers<LoginData, State> = {
  GET(req, ctx) {
    // `next`: an invite link opened while signed out comes back here to sign in first.
    const next = returnPath(new URL(req.url).searchParams.get("next"));
    return ctx.state.user ? seeOther(next ?? "/im") : ctx.render({ next });
  },
};

export default LoginPage;
