/**
 * CSRF tokens for forms: an HMAC of what ties the form to its visitor, the session when signed
 * in, else a random cookie of their browser. Another site can make the browser post a form but
 * cannot read the page, so it cannot know the token.
 */
import { LRUCache } from "lru-cache";
import { timingSafeEqual } from "./crypto.ts";

/** The cookie that identifies a signed-out browser, for its forms' tokens. */
export const ANON_COOKIE = "parley_anon";
export { CSRF_FIELD } from "./csrf_field.ts";

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      secret as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      [
        "sign",
      ],
    );
    keys.set(secret, key);
  }
  return key;
}

const tokens = new WeakMap<Uint8Array, LRUCache<string, string>>();

/** The token for forms shown to the visitor `binding` names; remembered, as every page needs it. */
export async function csrfToken(secret: Uint8Array, binding: string): Promise<string> {
  let known = tokens.get(secret);
  if (!known) tokens.set(secret, known = new LRUCache({ max: 10_000 }));
  let token = known.get(binding);
  if (!token) known.set(binding, token = await computeToken(secret, binding));
  return token;
}

async function computeToken(secret: Uint8Array, binding: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    new TextEncoder().encode(`csrf:${binding}`),
  );
  return btoa(String.fromCharCode(...new Uint8Array(mac))).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/** Whether `sent` is the token of `binding`. */
export async function csrfValid(
  secret: Uint8Array,
  binding: string,
  sent: unknown,
): Promise<boolean> {
  return typeof sent === "string" && timingSafeEqual(sent, await csrfToken(secret, binding));
}
