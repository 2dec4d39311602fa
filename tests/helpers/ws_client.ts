/** A real WebSocket client for tests: sends requests and waits for their answers or other frames. */
import { GOOD_PASSWORD } from "./accounts.ts";

type Frame = Record<string, unknown>;

/** One connected test client. */
export class TestSocket implements AsyncDisposable {
  readonly socket: WebSocket;
  readonly closed: Promise<CloseEvent>;
  /** Frames no request is waiting for (pushes, v1 answers, answers to raw sends), in order. */
  readonly #frames: Frame[] = [];
  readonly #waiting: { wants: (frame: Frame) => boolean; take: (frame: Frame) => void }[] = [];
  /** The requests sent by `request` that are still unanswered, by id. */
  readonly #answers = new Map<number, (frame: Frame) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.addEventListener("close", resolve));
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data)) as Frame;
      // An answer goes to the request with its id, whatever came before it.
      const answer = typeof frame.id === "number" && !("event" in frame)
        ? this.#answers.get(frame.id)
        : undefined;
      if (answer) {
        this.#answers.delete(frame.id as number);
        return answer(frame);
      }
      const waiter = this.#waiting.findIndex((w) => w.wants(frame));
      if (waiter >= 0) this.#waiting.splice(waiter, 1)[0].take(frame);
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

  /** The first frame `wants` that no request is waiting for, now or within `timeoutMs`. */
  #take<T>(wants: (frame: Frame) => boolean, timeoutMs: number, what: string): Promise<T> {
    const early = this.#frames.findIndex(wants);
    if (early >= 0) return Promise.resolve(this.#frames.splice(early, 1)[0] as T);
    return new Promise((resolve, reject) => {
      const waiter = {
        wants,
        take: (frame: Frame) => {
          clearTimeout(timer);
          resolve(frame as T);
        },
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new Error(`No ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.push(waiter);
    });
  }

  /**
   * The next answer no request is waiting for (to a raw send, or of v1), in order; pushes such as
   * presence, which may come between, stay for `nextEvent`.
   */
  next<T = Frame>(timeoutMs = 5_000): Promise<T> {
    return this.#take((frame) => !isPush(frame), timeoutMs, "answer");
  }

  /** Sends `value` as JSON, or a string as it is. */
  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Sends a v2 request and returns the answer with its id; pushes meanwhile stay for `nextEvent`. */
  request<T = Frame>(method: string, params?: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#answers.delete(id);
        reject(new Error(`No answer to ${method} (id ${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#answers.set(id, (frame) => {
        clearTimeout(timer);
        resolve(frame as T);
      });
      this.send({ id, method, params });
    });
  }

  /**
   * The next push (a frame with `event` and no `id`), whether it came already or is to come; of
   * the `events` named, when given (the others stay for later).
   */
  nextEvent(timeoutMs = 5_000, events?: string[]): Promise<Frame> {
    return this.#take(
      (frame) => isPush(frame) && (!events || events.includes(frame.event as string)),
      timeoutMs,
      events ? events.join(" or ") : "push",
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close();
    await this.closed;
  }
}

function isPush(frame: Frame): boolean {
  return "event" in frame && !("id" in frame);
}

/**
 * The server's answer to a WebSocket upgrade at `wsUrl`, read as a plain HTTP response: what a
 * refused upgrade says (its status and headers), which a WebSocket's error event does not tell.
 */
export function upgradeAnswer(wsUrl: URL, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(wsUrl.href.replace(/^ws/, "http"), {
    headers: {
      ...headers,
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    },
  });
}

/** Sends a frame of the original protocol (v1) and returns the next frame, its answer. */
export async function v1Request(
  client: TestSocket,
  frame: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  client.send({ timestamp: "2024-05-01 10:00:00", ...frame });
  return await client.next();
}

/** Registers `username` over v1 on `client`; returns the session token. */
export async function registerV1(client: TestSocket, username: string): Promise<string> {
  const answer = await v1Request(client, {
    mode: "register",
    username,
    password: GOOD_PASSWORD,
    email: `${username}@example.com`,
  });
  return answer.token as string;
}

/** Registers `username` over v2 on `socket`, which is then signed in as them. */
export async function signUp(
  socket: TestSocket,
  username: string,
): Promise<{ token: string; user: { id: number } }> {
  const answer = await socket.request<{ result: { token: string; user: { id: number } } }>(
    "auth.register",
    { username, email: `${username}@example.com`, password: GOOD_PASSWORD },
  );
  return answer.result;
}
