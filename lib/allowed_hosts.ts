/**
 * Which Host headers Parley serves. Links in mail are built from the address a visitor reached
 * when `PUBLIC_URL` is unset, so a request with a forged Host would have Parley mail a victim a
 * link to the forger's site; such requests are refused before anything reads their URL.
 */
import type { Config } from "../config.ts";

/** Listening on every interface: which names reach it cannot be known from the address. */
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** Names that reach only the machine the browser runs on: a link to them leads nowhere else. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Whether `host` (a Host header: a name, with a port or not) is one this installation answers to:
 * `PUBLIC_URL`'s, one of `ALLOWED_HOSTS` (a name alone allows any port), a loopback name, or the
 * address it listens on.
 */
export function hostAllowed(
  host: string,
  config: Pick<Config, "publicUrl" | "allowedHosts" | "hostname">,
): boolean {
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  // Compared as the URL parser writes them: lower case, default port dropped.
  if (url.host !== host.toLowerCase().replace(/:80$/, "")) return false;
  const { hostname } = url;
  if (isLoopback(hostname)) return true;
  if (config.publicUrl && config.publicUrl.hostname === hostname) return true;
  if (config.allowedHosts.some((allowed) => allowed === url.host || allowed === hostname)) {
    return true;
  }
  const listening = config.hostname.includes(":") && !config.hostname.startsWith("[")
    ? `[${config.hostname}]`
    : config.hostname;
  return !WILDCARDS.has(listening) && listening.toLowerCase() === hostname;
}
