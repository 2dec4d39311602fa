/** Matchers for `assert.rejects`, for code that answers with an `HttpError`. */
import { HttpError } from "../../framework/http_error.ts";

/** Whether an error is an `HttpError` with the `expected` status. */
export const httpStatus = (expected: number) => (error: unknown) =>
  error instanceof HttpError && error.status === expected;
