/**
 * The address a request comes from: the direct peer, or, when the peer is a proxy listed in
 * `TRUST_PROXY`, the client that `X-Forwarded-For` names (read right to left, up to the first
 * address that is not a trusted proxy). Throttling, sessions and `SESSION_BIND_IP` use it.
 */
// @ts-types="@types/proxy-addr"
import proxyAddr from "proxy-addr";
import type { IncomingMessage } from "node:http";

/** Finds a request's client address from its headers and its direct peer's address. */
export type ClientIpOf = (req: Request, peer: string) => string;

/** The resolver for `trusted` proxies; with none, every request's client is its peer. */
export function clientIpResolver(trusted: string[]): ClientIpOf {
  if (trusted.length === 0) return (_req, peer) => peer;
  const trust = proxyAddr.compile(trusted);
  return (req, peer) => {
    const forwardedFor = req.headers.get("x-forwarded-for") ?? undefined;
    // proxy-addr reads a Node request: only these two fields of it.
    const message = {
      socket: { remoteAddress: peer },
      connection: { remoteAddress: peer },
      headers: { "x-forwarded-for": forwardedFor },
    } as unknown as IncomingMessage;
    return proxyAddr(message, trust);
  };
}
