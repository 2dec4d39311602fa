/** A real WebSocket client for tests: sends requests and waits for their answers or other frames. */

/** One connected test client. */
export class TestSocket implements AsyncDisposable {
  readonly socket: WebSocket;
  readonly closed: Promise<CloseEvent>;
  readonly #frames: unknown[] = [];
  readonly #waiting: ((frame: unknown) => void)[] = [];
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.addEventListener("close", resolve));
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data));
      const waiter = this.#waiting.shift();
      if (waiter) waiter(frame);
      else this.#frames.push(frame);
    });
  }

  /** Connects to `url`, with extra request headers such as Origin or Cookie. */
  static open(url: string | URL, headers?: Record<string, string>): Promise<TestSocket> {
    // Deno takes handshake headers here; the DOM typings the islands need do not know that.
    const socket = new WebSocket(url, { headers } as unknown as string[]);
    return new Promise((resolve, reject) => {
      socket.onopen = () => resolve(new TestSocket(socket));
      socket.onerror = (event) =>
        reject(new Error(`WebSocket failed: ${(event as ErrorEvent).message}`));
    });
  }

  /** The next frame the server sends, in order. */
  next<T = Record<string, unknown>>(timeoutMs = 5_000): Promise<T> {
    if (this.#frames.length > 0) return Promise.resolve(this.#frames.shift() as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(settle), 1);
        reject(new Error(`No frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (frame: unknown) => {
        clearTimeout(timer);
        resolve(frame as T);
      };
      this.#waiting.push(settle);
    });
  }

  /** Sends `value` as JSON, or a string as it is. */
  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Pushes that arrived while `request` waited for its answer, oldest first. */
  readonly events: Record<string, unknown>[] = [];

  /** Sends a v2 request and returns its answer, keeping pushes that come first in `events`. */
  async request<T = Record<string, unknown>>(method: string, params?: unknown): Promise<T> {
    const id = this.#nextId++;
    this.send({ id, method, params });
    for (;;) {
      const frame = await this.next();
      if ("event" in frame && !("id" in frame)) this.events.push(frame);
      else return frame as T;
    }
  }

  /** The next push, whether it already arrived during a request or is still to come. */
  nextEvent(timeoutMs?: number): Promise<Record<string, unknown>> {
    const early = this.events.shift();
    return early ? Promise.resolve(early) : this.next(timeoutMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close();
    await this.closed;
  }
}
