/**
 * Turns each text frame into a method call and its answer. Frames with a `mode` field are the
 * original protocol (v1) and are answered in its shape; all others are Parley's own (v2).
 */
import * as v from "valibot";
import type { Logger } from "../lib/log.ts";
import type { Connection } from "./connection.ts";
import { errorOutcome, failure, invoke, type Outcome } from "./invoke.ts";
import type { MethodServices, MethodTable, Session } from "./method.ts";
import type { ErrorFrame, RequestId, ResultFrame } from "./protocol.ts";
import { v1Answer } from "./v1/frame.ts";

/** What the dispatcher needs. */
export interface DispatcherOptions {
  methods: MethodTable;
  v1Methods: MethodTable;
  log: Logger;
  /** What methods work with. */
  services: MethodServices;
  /** Requests a connection may have in progress at once; more are answered 429. */
  maxInFlight?: number;
  /** Resolves the session of a request that carries a token. */
  authenticate?: (token: string, conn: Connection) => Promise<Session | undefined>;
}

const RequestFrameSchema = v.object({
  // Not a union of the two: a union that fails on its first option writes an issue for it, and a
  // number id, the common case, would pay for one with every frame.
  id: v.optional(
    v.custom<RequestId>(
      (id) => typeof id === "number" || (typeof id === "string" && id.length <= 128),
      "must be a number or a string of at most 128 characters",
    ),
  ),
  method: v.pipe(v.string(), v.minLength(1, "method is required"), v.maxLength(128)),
  params: v.optional(
    v.custom<Record<string, unknown>>(
      (value) => value !== null && typeof value === "object" && !Array.isArray(value),
      "params must be a JSON object",
    ),
  ),
  token: v.optional(v.string()),
});

/** Answers the frames of every connection. */
export class Dispatcher {
  readonly #options: DispatcherOptions;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  /** Handles one text frame and returns the answer to send. */
  handle(conn: Connection, text: string): Promise<string> {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return Promise.resolve(this.reject(conn, 422, "The frame is not valid JSON"));
    }
    if (frame === null || typeof frame !== "object" || Array.isArray(frame)) {
      return Promise.resolve(this.reject(conn, 422, "A request must be a JSON object"));
    }
    if ("mode" in frame) {
      conn.dialect = "v1";
      return this.#handleV1(conn, frame as Record<string, unknown>);
    }
    conn.dialect = "v2";
    return this.#handleV2(conn, frame);
  }

  /** An error answer in the connection's dialect, for a frame that could not be read. */
  reject(conn: Connection, status: number, message: string): string {
    return conn.dialect === "v1"
      ? v1Answer(null, failure(status, message))
      : v2Answer(null, failure(status, message));
  }

  async #handleV2(conn: Connection, frame: object): Promise<string> {
    const id = requestIdOf(frame);
    const parsed = v.safeParse(RequestFrameSchema, frame);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = v.getDotPath(issue);
      return v2Answer(id, failure(422, path ? `${path}: ${issue.message}` : issue.message));
    }
    const { method, params, token } = parsed.output;
    const outcome = await this.#call(conn, method, this.#options.methods, params, token);
    return v2Answer(id, outcome);
  }

  async #handleV1(conn: Connection, frame: Record<string, unknown>): Promise<string> {
    const { mode, timestamp: _timestamp, status: _status, ...params } = frame;
    if (typeof mode !== "string") return v1Answer(null, failure(422, "mode must be a string"));
    const token = typeof params.token === "string" ? params.token : undefined;
    return v1Answer(mode, await this.#call(conn, mode, this.#options.v1Methods, params, token));
  }

  async #call(
    conn: Connection,
    name: string,
    table: MethodTable,
    params: unknown,
    token: string | undefined,
  ): Promise<Outcome> {
    if (conn.inFlight >= (this.#options.maxInFlight ?? 64)) {
      return failure(429, "Too many requests in progress on this connection");
    }
    conn.inFlight++;
    try {
      let session: Session | undefined;
      try {
        // A token in the request speaks for the request; without one, the connection's session.
        session = token !== undefined
          ? await this.#options.authenticate?.(token, conn)
          : conn.session;
        if (session) conn.trust();
      } catch (error) {
        return errorOutcome(name, error, this.#options.log);
      }
      const method = Object.hasOwn(table, name) ? table[name] : undefined;
      return await invoke(
        name,
        method,
        params,
        { conn, session, services: this.#options.services },
        this.#options.log,
      );
    } finally {
      conn.inFlight--;
    }
  }
}

function requestIdOf(frame: object): RequestId {
  const id = (frame as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

function v2Answer(id: RequestId, outcome: Outcome): string {
  const frame: ResultFrame | ErrorFrame = "result" in outcome
    ? { id, status: 200, result: outcome.result }
    : { id, status: outcome.status, error: outcome.error };
  return JSON.stringify(frame);
}
