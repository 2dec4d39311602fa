/** Refusals of staff actions, each with a message key so that pages say them in their language. */
import { HttpError } from "../framework/http_error.ts";

export type AdminErrorCode =
  | "notFound"
  | "self"
  | "ownAdminRole"
  | "reasonRequired"
  | "reasonLong"
  | "notSuspended"
  | "twoFactorOff"
  | "confirmMismatch"
  | "badRole";

const ENGLISH: Record<AdminErrorCode, string> = {
  notFound: "No such user",
  self: "Admins cannot do this to themselves",
  ownAdminRole: "An admin cannot take away their own admin role",
  reasonRequired: "A reason is required",
  reasonLong: "The text is too long",
  notSuspended: "The account is not suspended",
  twoFactorOff: "Two-factor sign-in is not on",
  confirmMismatch: "The username typed does not match",
  badRole: "No such role",
};

const STATUS: Record<AdminErrorCode, number> = {
  notFound: 404,
  self: 409,
  ownAdminRole: 409,
  reasonRequired: 422,
  reasonLong: 422,
  notSuspended: 409,
  twoFactorOff: 409,
  confirmMismatch: 422,
  badRole: 422,
};

/** A refused staff action; `admin.error.<code>` is its message key. */
export class AdminError extends HttpError {
  constructor(readonly code: AdminErrorCode) {
    super(STATUS[code], ENGLISH[code]);
    this.name = "AdminError";
  }
}
