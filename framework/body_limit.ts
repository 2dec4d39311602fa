/**
 * Request bodies are read no further than their route allows (`config.bodyLimit` in a route file,
 * else `DEFAULT_BODY_LIMIT`): a declared length beyond it is answered 413 before a byte is read,
 * and a body that goes on past it stops with a 413 as soon as it does. Without this a stranger's
 * endless POST is read whole into memory before any handler can look at it.
 */
import { HttpError } from "./http_error.ts";

/** Enough for any form of text fields. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** A body longer than its route allows. */
export class BodyTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, `The request body is larger than this address accepts (${limit} bytes)`);
    this.name = "BodyTooLargeError";
  }
}

/** `req` with its body cut off at `limit` bytes, or a 413 when it declares more. */
export function limitBody(req: Request, limit: number): Request | Response {
  if (!req.body) return req;
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) {
    const error = new BodyTooLargeError(limit);
    // Closing the connection: the client may still be sending what will not be read.
    return new Response(error.message, { status: 413, headers: { connection: "close" } });
  }
  let seen = 0;
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new BodyTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(req, { body: counted, duplex: "half" } as RequestInit);
}
