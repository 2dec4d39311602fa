/** How a WebSocket method is declared: its payload schema, who may call it, and its time limit. */
import type * as v from "valibot";
import type { AccountDeps } from "../accounts/deps.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Connection, Session } from "./connection.ts";
import type { MethodName, Params, Result } from "./protocol.ts";

export type { Session } from "./connection.ts";

/** The parts of the server methods work with. */
export interface MethodServices {
  config: Config;
  db: Db;
  log: Logger;
  accounts: AccountDeps;
}

/** What a method's `run` receives besides its parameters. */
export interface MethodContext {
  conn: Connection;
  services: MethodServices;
  /** Set when the connection or the request is signed in. */
  session?: Session;
  /** Aborted when the method runs past its time limit. */
  signal: AbortSignal;
}

/** What a method that needs sign-in receives: the dispatcher answers 401 before it runs. */
export interface SignedInContext extends MethodContext {
  session: Session;
}

/** One method of the dispatcher's table. */
export type Method<Schema extends v.GenericSchema = v.GenericSchema, Result = unknown> =
  & {
    params: Schema;
    /** Answered with 504 when `run` takes longer. Default 10 seconds. */
    timeoutMs?: number;
  }
  & (
    /** Only a signed-in user may call it. */
    | {
      auth: true;
      run(params: v.InferOutput<Schema>, ctx: SignedInContext): Result | Promise<Result>;
    }
    | {
      auth: false;
      run(params: v.InferOutput<Schema>, ctx: MethodContext): Result | Promise<Result>;
    }
  );

/** A table of methods by name. */
// deno-lint-ignore no-explicit-any
export type MethodTable = Record<string, Method<any, any>>;

/** The v2 table as `ws/protocol.ts` declares it: every method, with its parameters and result. */
export type V2MethodTable = {
  // deno-lint-ignore no-explicit-any
  [M in MethodName]: Method<v.GenericSchema<Params<M>, any>, Result<M>>;
};

/** Declares a method, inferring its parameters' type from its schema. */
export function defineMethod<Schema extends v.GenericSchema, Result>(
  method: Method<Schema, Result>,
): Method<Schema, Result> {
  return method;
}

/** The default time limit of a method. */
export const DEFAULT_TIMEOUT_MS = 10_000;
