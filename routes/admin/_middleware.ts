/**
 * Everything under /admin: for support staff and admins only (each route then names the role it
 * needs), and never kept by a browser or a proxy, since it shows other people's accounts.
 */
import { roleAllows } from "../../admin/roles.ts";
import { HttpError, type MiddlewareHandler } from "../../framework/server.ts";
import { seeOther } from "../../lib/forms.ts";
import type { State } from "../../lib/state.ts";

export const handler: MiddlewareHandler<State> = async (_req, ctx) => {
  const { user } = ctx.state;
  if (!user) return seeOther("/");
  if (!roleAllows(user.role, "support")) throw new HttpError(403, "For support staff and admins");
  const response = await ctx.next();
  response.headers.set("cache-control", "no-store");
  return response;
};
