/**
 * GET /api/token: whether the token in the Authorization header is a live session, for clients
 * that check outside the socket. `Authorization: Bearer <token>` (the bare token also works).
 */
import type { Handlers } from "../../framework/server.ts";
import type { State } from "../../lib/state.ts";

export const handler: Handlers<unknown, State> = {
  async GET(req, ctx) {
    const header = req.headers.get("authorization")?.trim() ?? "";
    const token = header.replace(/^Bearer\s+/i, "");
    const session = token
      ? await ctx.state.services.accounts.sessions.verify(token, ctx.state.clientIp)
      : undefined;
    return Response.json({ valid: session !== undefined });
  },
};
