/** Pages for signed-in visitors only: one guard instead of a check at the top of each handler. */
import type { SessionInfo } from "../accounts/sessions.ts";
import type { CurrentUser } from "../accounts/users.ts";
import type { FreshContext, Handler, Handlers } from "../framework/server.ts";
import type { Method } from "../framework/types.ts";
import { seeOther } from "./forms.ts";
import type { State } from "./state.ts";

/** The state of a request whose visitor is signed in. */
export interface SignedInState extends State {
  user: CurrentUser;
  session: SessionInfo;
}

/** A request's context once its visitor is known to be signed in. */
export type SignedInContext<Data = unknown> = FreshContext<SignedInState, Data>;

/** `handlers`, run only for a signed-in visitor; anyone else is sent to the sign-in page. */
export function signedIn<Data>(
  handlers: Handlers<Data, SignedInState>,
): Handlers<Data, State> {
  const guarded: Handlers<Data, State> = {};
  for (
    const [method, handler] of Object.entries(handlers) as [Method, Handler<Data, SignedInState>][]
  ) {
    guarded[method] = (req, ctx) => isSignedIn(ctx) ? handler(req, ctx) : seeOther("/");
  }
  return guarded;
}

function isSignedIn<Data>(ctx: FreshContext<State, Data>): ctx is SignedInContext<Data> {
  return ctx.state.user !== undefined && ctx.state.session !== undefined;
}
