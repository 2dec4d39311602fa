/**
 * The browser's connection to /ws: requests with answers matched by id, pushes by event, and
 * reconnection with exponential backoff and jitter, so that after a restart the clients do not
 * all return in the same second.
 */

export type SocketState = "connecting" | "open" | "closed";

interface Pending {
  resolve: (answer: Answer) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** An answer frame. */
export interface Answer {
  id: number;
  status: number;
  result?: unknown;
  error?: { message: string };
}

export interface SocketHandlers {
  onState(state: SocketState): void;
  onPush(event: string, data: unknown): void;
  /** Called after every (re)connection, before queued work is retried. */
  onOpen(): void;
}

export class ReconnectingSocket {
  #socket?: WebSocket;
  #nextId = 1;
  #attempts = 0;
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
      this.handlers.onOpen();
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data));
      if ("event" in frame) return this.handlers.onPush(frame.event, frame.data);
      const pending = this.#pending.get(frame.id);
      if (!pending) return;
      clearTimeout(pending.timer);
      this.#pending.delete(frame.id);
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

  /** Sends a request; resolves with its answer, or a 0 status when the connection drops. */
  request(method: string, params: unknown = {}, timeoutMs = 15_000): Promise<Answer> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      if (!this.isOpen) return resolve({ id, status: 0 });
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({ id, status: 0 });
      }, timeoutMs);
      this.#pending.set(id, { resolve, timer });
      this.#socket!.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#socket?.close(1000);
  }

  #failPending(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.resolve({ id, status: 0 });
    }
    this.#pending.clear();
  }
}
