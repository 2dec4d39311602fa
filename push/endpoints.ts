/**
 * Which push endpoints Parley sends to. An endpoint comes from a browser, that is from a client,
 * and Parley makes a request to it: left open, that would let anyone make the server call any
 * address (an internal service, say). Only the hosts of `PUSH_SERVICES` are called, over https;
 * a loopback host named there may be called over http, for tests and local push services.
 */

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/** Whether `endpoint` is on one of `services` (host names; `*.` covers subdomains). */
export function allowedEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const listed = services.some((service) =>
    service.startsWith("*.") ? host.endsWith(service.slice(1)) : host === service
  );
  if (!listed || url.username || url.password) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(host));
}
