/**
 * The frames of Parley's WebSocket protocol (v2), shared by the server and the islands.
 * docs/protocol.md describes them; the original protocol (v1) lives in `ws/v1/`.
 */

/** The id a client gives a request, echoed in its answer; null when the request had none. */
export type RequestId = string | number | null;

/** A request from a client. */
export interface RequestFrame {
  id?: string | number;
  method: string;
  params?: Record<string, unknown>;
  /** A session token, for clients that do not send the session cookie. */
  token?: string;
}

/** One problem with a request's fields. */
export interface Issue {
  path: string;
  message: string;
}

/** The answer to a request that succeeded. */
export interface ResultFrame<Result = unknown> {
  id: RequestId;
  status: 200;
  result: Result;
}

/** The answer to a request that failed; `ref` points to the server's log line for a 500. */
export interface ErrorFrame {
  id: RequestId;
  status: number;
  error: { message: string; issues?: Issue[]; ref?: string };
}

/** A server-initiated event. It has no id and no status. */
export interface PushFrame<Data = unknown> {
  event: string;
  data: Data;
}

/** Anything the server sends on a v2 connection. */
export type ServerFrame = ResultFrame | ErrorFrame | PushFrame;

/** The subprotocol a v2 client may ask for; the server also recognises frames without it. */
export const PROTOCOL_V2 = "parley.v2";
