/** The home page: the messenger for signed-in visitors, the sign-in form for everyone else. */
import type { Handlers } from "../framework/server.ts";
import { seeOther } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import LoginPage, { type LoginData } from "../components/LoginPage.tsx";

export const handler: Handlers<LoginData, State> = {
  GET(_req, ctx) {
    return ctx.state.user ? seeOther("/im") : ctx.render({});
  },
};

export default LoginPage;
