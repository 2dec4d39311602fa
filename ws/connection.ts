/** One open WebSocket: what it has in progress, who is signed in on it, and how to write to it. */
import type { PushEvent } from "./protocol.ts";

/** The signed-in user behind a connection or a request. */
export interface Session {
  userId: number;
  tokenId: number;
}

/** Which protocol a frame speaks: the original one (v1) or Parley's (v2). */
export type Dialect = "v1" | "v2";

/** Close codes the server uses. */
export const CloseCode = {
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const;

let nextId = 1;

/** A client's socket, as the dispatcher and the methods see it. */
export class Connection {
  readonly id = nextId++;
  readonly ip: string;
  readonly userAgent: string;
  /** The site's origin as the client reached it, for links in mail. */
  readonly origin: string;
  /** The dialect of the last frame it sent; errors about unreadable frames use it. */
  dialect: Dialect = "v2";
  #session?: Session;
  #trusted: boolean;
  /** Told of every change of `session`, so the hub can keep its index of users. */
  onSessionChange?: (conn: Connection, before: Session | undefined) => void;
  /** Told once, when the connection first shows a session. */
  onTrusted?: (conn: Connection) => void;
  inFlight = 0;
  readonly #socket: WebSocket;
  readonly #maxBufferedBytes: number;

  constructor(
    socket: WebSocket,
    info: {
      ip: string;
      userAgent: string;
      origin?: string;
      session?: Session;
      maxBufferedBytes?: number;
    },
  ) {
    this.#socket = socket;
    this.ip = info.ip;
    this.userAgent = info.userAgent;
    this.origin = info.origin ?? "";
    this.#session = info.session;
    this.#trusted = info.session !== undefined;
    this.#maxBufferedBytes = info.maxBufferedBytes ?? 8 * 1024 * 1024;
  }

  /** Who is signed in on this connection: from the session cookie, or a sign-in method. */
  get session(): Session | undefined {
    return this.#session;
  }

  set session(value: Session | undefined) {
    const before = this.#session;
    this.#session = value;
    this.onSessionChange?.(this, before);
    if (value) this.trust();
  }

  /**
   * Whether the client has shown a valid session, on the socket or with a request's token (as
   * clients of the original protocol do): it is then no stranger, even once signed out.
   */
  get trusted(): boolean {
    return this.#trusted;
  }

  trust(): void {
    if (this.#trusted) return;
    this.#trusted = true;
    this.onTrusted?.(this);
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a serialised frame. A client that does not read its frames is disconnected rather
   * than allowed to grow the server's memory.
   */
  send(text: string): void {
    if (!this.isOpen) return;
    if (this.#socket.bufferedAmount > this.#maxBufferedBytes) {
      this.close(CloseCode.tryAgainLater, "Reading too slowly");
      return;
    }
    this.#socket.send(text);
  }

  /** Sends a server-initiated event. */
  push(event: PushEvent): void {
    this.send(JSON.stringify(event));
  }

  close(code: number, reason: string): void {
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close(code, reason);
  }
}
