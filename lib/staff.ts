/**
 * Pages for support staff and admins: one guard per route naming the role it needs, checked on
 * the server for every method. Visitors who are not signed in are sent to sign in; signed-in
 * users without the role get 403.
 */
import { type Role, roleAllows } from "../admin/roles.ts";
import type { Handler, Handlers } from "../framework/server.ts";
import { HttpError } from "../framework/http_error.ts";
import type { Method } from "../framework/types.ts";
import { seeOther } from "./forms.ts";
import type { SignedInState } from "./signed_in.ts";
import type { State } from "./state.ts";

/** `handlers`, run only for a signed-in user whose role allows `needed`. */
export function withRole<Data>(
  needed: Role,
  handlers: Handlers<Data, SignedInState>,
): Handlers<Data, State> {
  const guarded: Handlers<Data, State> = {};
  for (
    const [method, handler] of Object.entries(handlers) as [Method, Handler<Data, SignedInState>][]
  ) {
    guarded[method] = (req, ctx) => {
      const { user, session } = ctx.state;
      if (!user || !session) return seeOther("/");
      if (!roleAllows(user.role, needed)) {
        throw new HttpError(403, needed === "admin" ? "For admins only" : "For support staff only");
      }
      return handler(req, ctx as Parameters<typeof handler>[1]);
    };
  }
  return guarded;
}
