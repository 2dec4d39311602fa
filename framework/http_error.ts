/** An error that carries the HTTP status to answer with. */
export class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message?: string, options?: ErrorOptions) {
    super(message ?? `HTTP ${status}`, options);
    this.name = "HttpError";
    this.status = status;
  }
}

/** A bounded queue of work is full: 503, and a second's wait before trying again. */
export class BusyError extends HttpError {
  /** Seconds after which trying again makes sense. */
  readonly retryAfter = 1;

  constructor(what: string) {
    super(503, `Too many ${what} at once; try again in a moment`);
    this.name = "BusyError";
  }
}

/** The status to answer with for any thrown value: an `HttpError`'s own, else 500. */
export function statusOf(error: unknown): number {
  return error instanceof HttpError ? error.status : 500;
}
