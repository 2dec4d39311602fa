/** Errors of the account rules, carrying their HTTP status, a message key and the field at fault. */
import { HttpError } from "../framework/http_error.ts";
import { en } from "../i18n/en.ts";
import { fill } from "../i18n/fill.ts";
import type { RuleProblem } from "./rules.ts";

/** Every way an account operation can be refused; `error.<code>` is its message key. */
export type AccountErrorCode =
  | RuleProblem
  | "login.failed"
  | "login.throttled"
  | "rate.limited"
  | "login.ticket"
  | "username.taken"
  | "email.taken"
  | "email.same"
  | "email.unconfirmed"
  | "link.invalid"
  | "password.wrong"
  | "totp.invalid"
  | "totp.required"
  | "totp.enabled"
  | "totp.disabled"
  | "totp.notStarted"
  | "session.unknown"
  | "avatar.type"
  | "avatar.size"
  | "avatar.pixels"
  | "displayName.long"
  | "field.invalid"
  | "csrf"
  | "account.suspended";

/** A refused account operation. Its message is the English text of its code. */
export class AccountError extends HttpError {
  constructor(
    status: number,
    readonly code: AccountErrorCode,
    readonly field?: string,
    /** Seconds until trying again makes sense, for 429. */
    readonly retryAfter?: number,
    /** What else its message names (a suspension's reason). */
    readonly params: Record<string, string> = {},
  ) {
    super(status, fill(en[`error.${code}`], { seconds: retryAfter ?? 0, ...params }));
    this.name = "AccountError";
  }
}
