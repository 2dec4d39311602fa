/**
 * GET /ws: upgrades to a WebSocket. A browser page from another origin is refused before the
 * upgrade; a client that sends no Origin (not a browser) is let through. A session cookie
 * signs the connection in.
 */
import type { Handlers } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { PROTOCOL_V2 } from "../ws/protocol.ts";

/** Whether a request's Origin may open a socket: absent, or this site's own. */
export function originAllowed(req: Request, publicUrl?: URL): boolean {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === new URL(req.url).host || host === publicUrl?.host;
}

export const handler: Handlers<unknown, State> = {
  GET(req, ctx) {
    const { config, hub } = ctx.state.services;
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", {
        status: 426,
        headers: { upgrade: "websocket" },
      });
    }
    if (hub.size >= config.wsMaxConnections) {
      return new Response("The server holds as many connections as it can; try again soon", {
        status: 503,
        // The connection itself is a file too: give it back at once.
        headers: { "retry-after": "30", connection: "close" },
      });
    }
    if (!originAllowed(req, config.publicUrl)) {
      return new Response("Cross-origin WebSocket requests are refused", { status: 403 });
    }
    const session = ctx.state.session;
    if (!session && !hub.admitsStranger(ctx.state.clientIp)) {
      return new Response("Too many connections from this address that have not signed in", {
        status: 429,
        headers: { "retry-after": String(config.wsSignInSeconds), connection: "close" },
      });
    }
    const offered = req.headers.get("sec-websocket-protocol")?.split(",").map((p) => p.trim());
    // The request's headers cannot be read once it is upgraded.
    const userAgent = req.headers.get("user-agent") ?? "";
    const { socket, response } = Deno.upgradeWebSocket(req, {
      idleTimeout: config.wsIdleTimeoutSeconds,
      protocol: offered?.includes(PROTOCOL_V2) ? PROTOCOL_V2 : undefined,
    });
    hub.accept(socket, {
      ip: ctx.state.clientIp,
      userAgent,
      origin: config.publicUrl?.origin ?? new URL(req.url).origin,
      // A browser is signed in by its session cookie, checked by the middleware.
      session: session && { userId: session.userId, tokenId: session.tokenId },
    });
    return response;
  },
};
