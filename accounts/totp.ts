/** Time-based one-time codes (RFC 6238) by otpauth, their QR code by qrcode, recovery codes. */
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { randomHex, sha256Hex } from "../lib/crypto.ts";

const PERIOD = 30;

/** A new random secret, Base32 as authenticator apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "") {
  return new TOTP({ issuer: "Parley", label, secret: Secret.fromBase32(secret), period: PERIOD });
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The URI as an SVG QR code, rendered on the server. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

/** The code for `at`: what an authenticator app shows then. */
export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/**
 * The 30-second step `code` belongs to, allowing one step of clock drift either way; undefined
 * when it matches none. The caller refuses a step already used.
 */
export function totpStep(secret: string, code: string, at: Date): number | undefined {
  const normalised = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(normalised)) return undefined;
  const delta = totp(secret).validate({ token: normalised, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** Ten recovery codes like `a1b2c-3d4e5`, shown once; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const hex = randomHex(5);
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
}

/** The stored form of a recovery code: case and dashes do not matter when typing it. */
export function recoveryCodeHash(code: string): Promise<string> {
  return sha256Hex(code.toLowerCase().replace(/[^0-9a-f]/g, ""));
}
