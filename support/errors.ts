/** Refusals of ticket actions, each with a message key so that pages say them in their language. */
import { HttpError } from "../framework/http_error.ts";

export type TicketErrorCode =
  | "notFound"
  | "category"
  | "subjectEmpty"
  | "subjectLong"
  | "bodyEmpty"
  | "bodyLong"
  | "email"
  | "closed"
  | "status"
  | "assignee";

const ENGLISH: Record<TicketErrorCode, [number, string]> = {
  notFound: [404, "No such ticket"],
  category: [422, "category: no such category"],
  subjectEmpty: [422, "subject: write a subject"],
  subjectLong: [422, "subject: at most 200 characters"],
  bodyEmpty: [422, "body: write a message"],
  bodyLong: [422, "body: at most 10,000 characters"],
  email: [422, "email: not an e-mail address"],
  closed: [409, "The ticket is closed: open a new one"],
  status: [422, "status: no such status"],
  assignee: [422, "assignee: not a member of the support staff"],
};

/** A refused ticket action; `ticket.error.<code>` is its message key. */
export class TicketError extends HttpError {
  constructor(readonly code: TicketErrorCode) {
    super(ENGLISH[code][0], ENGLISH[code][1]);
    this.name = "TicketError";
  }
}
