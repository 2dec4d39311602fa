/**
 * Runs one method call, whichever dialect it arrived in: looks the method up, checks who may
 * call it, validates its fields, enforces its time limit, and turns every failure into a status.
 */
import * as v from "valibot";
import { type HttpError, statusOf } from "../framework/http_error.ts";
import { DeadlineError, Deadlines } from "../lib/deadline.ts";
import type { Logger } from "../lib/log.ts";
import {
  DEFAULT_TIMEOUT_MS,
  type Method,
  type MethodContext,
  type SignedInContext,
} from "./method.ts";
import type { Issue } from "./protocol.ts";

const limits = new Deadlines();

/** The result of a call, before a dialect puts it in a frame. */
export type Outcome =
  | { status: 200; result: unknown }
  | {
    status: number;
    error: { message: string; issues?: Issue[]; ref?: string; retryAfter?: number };
  };

/** A failed outcome. */
export function failure(status: number, message: string, issues?: Issue[]): Outcome {
  return { status, error: issues ? { message, issues } : { message } };
}

/** Calls `method` with `params`; never throws. */
export async function invoke(
  name: string,
  method: Method | undefined,
  params: unknown,
  ctx: Omit<MethodContext, "signal">,
  log: Logger,
): Promise<Outcome> {
  if (!method) return failure(501, `Unknown method: ${name}`);
  if (method.auth && !ctx.session) return failure(401, "Sign in first");
  const parsed = v.safeParse(method.params, params ?? {});
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "",
      message: issue.message,
    }));
    const first = issues[0];
    return failure(422, first.path ? `${first.path}: ${first.message}` : first.message, issues);
  }

  const limit = method.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context = new CallContext(ctx);
  let run: Promise<unknown> | undefined;
  try {
    // A method that throws before it returns a promise is answered as one that rejects.
    run = Promise.resolve(
      method.auth
        ? method.run(parsed.output, context as SignedInContext)
        : method.run(parsed.output, context),
    );
    return { status: 200, result: await limits.race(run, limit) ?? {} };
  } catch (error) {
    if (error instanceof DeadlineError && run) {
      context.abort();
      // The work may still fail later; that must not become an unhandled rejection.
      run.catch((late) => log.warn("Method failed after its time limit", { method: name, late }));
      return failure(504, `${name} did not finish within ${limit} ms`);
    }
    return errorOutcome(name, error, log);
  }
}

/**
 * What a method runs with. Its abort signal is made only if the method asks for it: most never do,
 * and a controller for every call in flight is memory that the collector copies again and again
 * under load.
 */
class CallContext implements MethodContext {
  readonly conn: MethodContext["conn"];
  readonly services: MethodContext["services"];
  readonly session: MethodContext["session"];
  #controller?: AbortController;

  constructor(ctx: Omit<MethodContext, "signal">) {
    this.conn = ctx.conn;
    this.services = ctx.services;
    this.session = ctx.session;
  }

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  abort(): void {
    this.#controller?.abort();
  }
}

/**
 * The answer for an error thrown while handling `name`: a client error keeps its status and
 * message, an unreachable database is 503, anything else 500 with a reference to the log line.
 */
export function errorOutcome(name: string, error: unknown, log: Logger): Outcome {
  const status = statusOf(error);
  if (status < 500) {
    const { message, retryAfter } = error as HttpError & { retryAfter?: number };
    return { status, error: retryAfter ? { message, retryAfter } : { message } };
  }
  if (status === 503) return failure(503, "The server is unavailable, try again soon");
  const ref = crypto.randomUUID().slice(0, 8);
  log.error("Method failed", { method: name, ref, error });
  return { status, error: { message: "Internal server error", ref } };
}
