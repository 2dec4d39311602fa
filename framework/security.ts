/** Security headers: a nonce-based Content-Security-Policy for pages, and the rest for everything. */

/** A fresh nonce for one response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
}

/** The policy for HTML: no inline script without the response's nonce, no framing. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const COMMON_HEADERS: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "strict-origin-when-cross-origin"],
  ["x-frame-options", "DENY"],
];

function policyFor(type: string, nonce: string): string {
  if (type.startsWith("text/html")) return contentSecurityPolicy(nonce);
  // A script's own policy binds it only when it runs as a worker: the service worker fetches
  // pages and files of this site.
  if (type.startsWith("text/javascript")) return "default-src 'self'; frame-ancestors 'none'";
  return "default-src 'none'; frame-ancestors 'none'";
}

/** Adds the security headers to `response`, copying it when its headers are immutable. */
export function withSecurityHeaders(response: Response, nonce: string): Response {
  // A WebSocket upgrade's 101 must be returned as it is.
  if (response.status === 101) return response;
  const type = response.headers.get("content-type") ?? "";
  const apply = (headers: Headers) => {
    for (const [name, value] of COMMON_HEADERS) headers.set(name, value);
    if (!headers.has("content-security-policy")) {
      headers.set("content-security-policy", policyFor(type, nonce));
    }
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    apply(copy.headers);
    return copy;
  }
}
