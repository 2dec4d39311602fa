/**
 * The rules for usernames, e-mail addresses and passwords, shared by the server and the
 * registration island, so that what the page says beside a field is what the server enforces.
 */

export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{2,31}$/;
export const PASSWORD_MIN = 8;
/** Long enough for any passphrase; short enough that hashing cannot be made expensive. */
export const PASSWORD_MAX = 128;
/** zxcvbn's score from 0 (guessable) to 4; passwords must reach this one. */
export const PASSWORD_MIN_SCORE = 2;
export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 64;

/** Why a field is refused, as a message key the UI translates. */
export type RuleProblem =
  | "username.format"
  | "username.reserved"
  | "email.format"
  | "password.short"
  | "password.long"
  | "password.weak"
  | "password.matchesName";

/** The problem with `username`, if any. */
export function usernameProblem(username: string): RuleProblem | undefined {
  if (!USERNAME_PATTERN.test(username)) return "username.format";
  // Deleted accounts are renamed deleted_<id>.
  if (username.toLowerCase().startsWith("deleted_")) return "username.reserved";
  return undefined;
}

/** The problem with `email`, if any: one @, a dotted domain, no spaces, at most 254 characters. */
export function emailProblem(email: string): RuleProblem | undefined {
  if (email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return "email.format";
  return undefined;
}

/**
 * The problem with `password` that can be seen without a strength estimate; the score is
 * checked separately (`passwordScore` on the server, the island in the browser).
 */
export function passwordShapeProblem(password: string, username = ""): RuleProblem | undefined {
  if (password.length < PASSWORD_MIN) return "password.short";
  if (password.length > PASSWORD_MAX) return "password.long";
  if (username && password.toLowerCase() === username.toLowerCase()) return "password.matchesName";
  return undefined;
}
