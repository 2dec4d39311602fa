/**
 * A guest's way back to their ticket: a link carrying the ticket's id and an HMAC of it under the
 * installation's secret. Nothing is stored, so every mail about the ticket can carry the link, and
 * no one can make one for a ticket without the secret.
 */
import { encodeHex } from "../framework/hex.ts";
import { timingSafeEqual } from "../lib/crypto.ts";

async function signature(key: Uint8Array, ticketId: number): Promise<string> {
  const hmac = await crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = await crypto.subtle.sign(
    "HMAC",
    hmac,
    new TextEncoder().encode(`parley:guest-ticket:${ticketId}`),
  );
  return encodeHex(new Uint8Array(signed));
}

/** The token of guest ticket `ticketId`'s link. */
export async function guestToken(key: Uint8Array, ticketId: number): Promise<string> {
  return `${ticketId}.${await signature(key, ticketId)}`;
}

/** The ticket a guest token names, or undefined when it is not one Parley made. */
export async function ticketOfGuestToken(
  key: Uint8Array,
  token: string,
): Promise<number | undefined> {
  const [id, signed] = token.split(".");
  const ticketId = Number(id);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0 || signed?.length !== 64) {
    return undefined;
  }
  return timingSafeEqual(signed, await signature(key, ticketId)) ? ticketId : undefined;
}
