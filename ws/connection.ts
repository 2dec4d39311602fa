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
  /** Told once, when the server decides to close the connection, before the socket is closed. */
  onClosing?: (conn: Connection) => void;
  inFlight = 0;
  readonly #socket: WebSocket;
  readonly #maxQueuedChars: number;
  /**
   * Frames waiting for the runtime to take them, while a reader is behind. The runtime's own buffer
   * is kept small, because once handed over a frame stays until the peer reads it, even after a
   * close; what waits here is dropped the moment the connection is closed.
   */
  #backlog?: Backlog;
  #closing = false;

  constructor(
    socket: WebSocket,
    info: {
      ip: string;
      userAgent: string;
      origin?: string;
      session?: Session;
      maxQueuedChars?: number;
    },
  ) {
    this.#socket = socket;
    this.ip = info.ip;
    this.userAgent = info.userAgent;
    this.origin = info.origin ?? "";
    this.#session = info.session;
    this.#trusted = info.session !== undefined;
    this.#maxQueuedChars = info.maxQueuedChars ?? MAX_QUEUED_CHARS;
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
    return !this.#closing && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Whether the server decided to close the connection (its close may still be under way). */
  get closing(): boolean {
    return this.#closing;
  }

  /** Characters of frames waiting for a slow reader, in this connection's own queue. */
  get queuedChars(): number {
    return this.#backlog?.chars ?? 0;
  }

  /**
   * Sends a serialised frame, in order. A client that does not read its frames is disconnected
   * rather than allowed to grow the server's memory.
   */
  send(text: string): void {
    if (!this.isOpen) return;
    if (!this.#backlog && this.#socket.bufferedAmount < RUNTIME_BUFFER_BYTES) {
      this.#socket.send(text);
      return;
    }
    const backlog = this.#backlog ??= { frames: [], chars: 0 };
    backlog.frames.push(text);
    backlog.chars += text.length;
    if (backlog.chars > this.#maxQueuedChars) {
      this.close(CloseCode.tryAgainLater, "Reading too slowly");
      return;
    }
    backlog.timer ??= setTimeout(() => this.#drain(), DRAIN_INTERVAL_MS);
  }

  /** Hands the runtime what it has room for; looks again later while frames still wait. */
  #drain(): void {
    const backlog = this.#backlog;
    if (!backlog || !this.isOpen) return;
    let taken = 0;
    while (taken < backlog.frames.length && this.#socket.bufferedAmount < RUNTIME_BUFFER_BYTES) {
      const text = backlog.frames[taken++];
      backlog.chars -= text.length;
      this.#socket.send(text);
    }
    backlog.frames.splice(0, taken);
    if (backlog.frames.length === 0) this.#backlog = undefined;
    else backlog.timer = setTimeout(() => this.#drain(), DRAIN_INTERVAL_MS);
  }

  /** Sends a server-initiated event. */
  push(event: PushEvent): void {
    this.send(JSON.stringify(event));
  }

  /**
   * Closes the connection. Its queued frames are dropped and it is forgotten at once; Deno offers
   * no way to abort an upgraded socket, so the frames the runtime holds already stay until the
   * peer reads them or the operating system gives up on the connection.
   */
  close(code: number, reason: string): void {
    if (!this.#closing) {
      this.#closing = true;
      clearTimeout(this.#backlog?.timer);
      this.#backlog = undefined;
      this.onClosing?.(this);
    }
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close(code, reason);
  }
}

/** Frames waiting for a reader that is behind, their length in characters, and the next look. */
interface Backlog {
  frames: string[];
  chars: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** How many characters of frames a connection may hold for a slow reader before it is closed. */
export const MAX_QUEUED_CHARS = 8 * 1024 * 1024;

/** How much the runtime may hold for a socket before frames wait in the connection's queue. */
export const RUNTIME_BUFFER_BYTES = 256 * 1024;

/** How often a connection with frames waiting looks whether its reader caught up. */
const DRAIN_INTERVAL_MS = 20;
