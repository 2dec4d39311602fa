/**
 * The browser's connection to /ws: requests with answers matched by id, pushes by event, and
 * reconnection with exponential backoff and jitter, so that after a restart the clients do not
 * all return in the same second. Requests and pushes are typed by `ws/protocol.ts`.
 */
import type {
  MethodName,
  Params,
  PushFrame,
  Result,
  ServerFrame,
  Wire,
} from "../../ws/protocol.ts";

export type SocketState = "connecting" | "open" | "closed";

/**
 * The answer to a request: its result, or its status and message. Status 0: no answer, because
 * the connection was not open or dropped, or the answer took too long.
 */
export type Answer<M extends MethodName> =
  | { ok: true; result: Wire<Result<M>> }
  | { ok: false; status: number; message?: string; retryAfter?: number };

/** Asks the server over the socket, as the views and hooks of the messenger do. */
export type Request = <M extends MethodName>(method: M, params: Params<M>) => Promise<Answer<M>>;

const NO_ANSWER = { ok: false, status: 0 } as const;

interface Pending {
  resolve: (frame: ServerFrame | undefined) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SocketHandlers {
  onState(state: SocketState): void;
  onPush(frame: PushFrame): void;
  /** Called after every connection, with its number (1 for the first), before work is retried. */
  onOpen(connection: number): void;
}

export class ReconnectingSocket {
  #socket?: WebSocket;
  #nextId = 1;
  #attempts = 0;
  #connections = 0;
  #retry?: ReturnType<typeof setTimeout>;
  #closed = false;
  readonly #pending = new Map<number, Pending>();

  constructor(readonly url: string, readonly handlers: SocketHandlers) {
    // The browser knows first when the network goes: do not wait for a timeout to notice.
    addEventListener("offline", () => this.#socket?.close(4000, "offline"));
    addEventListener("online", () => {
      if (!this.#closed && !this.isOpen) this.connect();
    });
  }

  connect(): void {
    clearTimeout(this.#retry);
    this.handlers.onState("connecting");
    const socket = new WebSocket(this.url, "parley.v2");
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempts = 0;
      this.handlers.onState("open");
      this.handlers.onOpen(++this.#connections);
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      if ("event" in frame) return this.handlers.onPush(frame);
      const pending = typeof frame.id === "number" ? this.#pending.get(frame.id) : undefined;
      if (!pending) return;
      this.#pending.delete(frame.id as number);
      clearTimeout(pending.timer);
      pending.resolve(frame);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#failPending();
      this.handlers.onState("closed");
      if (this.#closed) return;
      const delay = Math.min(30_000, 500 * 2 ** this.#attempts++) * (0.5 + Math.random() / 2);
      this.#retry = setTimeout(() => this.connect(), delay);
    };
  }

  get isOpen(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a request and resolves with its answer; never rejects. */
  async request<M extends MethodName>(
    method: M,
    params: Params<M>,
    timeoutMs = 15_000,
  ): Promise<Answer<M>> {
    if (!this.isOpen) return NO_ANSWER;
    const id = this.#nextId++;
    const frame = await new Promise<ServerFrame | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.#pending.set(id, { resolve, timer });
      this.#socket!.send(JSON.stringify({ id, method, params }));
    });
    if (!frame || "event" in frame) return NO_ANSWER;
    if (frame.status === 200 && "result" in frame) {
      return { ok: true, result: frame.result as Wire<Result<M>> };
    }
    return {
      ok: false,
      status: frame.status,
      message: "error" in frame ? frame.error.message : "",
      retryAfter: "error" in frame ? frame.error.retryAfter : undefined,
    };
  }

  /**
   * `request`, sent again while the server asks to wait (503 busy, 429 too often), after the wait
   * it names: what is asked of a busy server is delayed, not lost.
   */
  async requestPatiently<M extends MethodName>(method: M, params: Params<M>): Promise<Answer<M>> {
    for (;;) {
      const answer = await this.request(method, params);
      if (answer.ok || (answer.status !== 503 && answer.status !== 429)) return answer;
      const waitMs = (answer.retryAfter ?? 1) * 1000;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#socket?.close(1000);
  }

  #failPending(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.resolve(undefined);
    }
    this.#pending.clear();
  }
}
