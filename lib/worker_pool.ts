/**
 * Jobs run in module workers, a few at once (`WorkLimit`), so that CPU-bound work such as hashing
 * keeps off the server's thread. A worker is kept for the next job while jobs wait and stopped
 * when none does, so an idle server holds none; one that fails or takes too long is stopped too.
 */
import { WorkLimit } from "./work_limit.ts";

/** What a worker answers to one message: the result, or why it failed. */
export type WorkerAnswer<Out> = { result: Out } | { error: string };

export class WorkerPool<In, Out> {
  readonly #limit: WorkLimit;
  readonly #idle: Worker[] = [];
  readonly #timeoutMs?: number;

  constructor(
    readonly url: URL,
    options: { what: string; concurrency: number; queue: number; timeoutMs?: number },
    /** Does the work on this thread where workers cannot be started. */
    readonly fallback: (message: In) => Promise<Out>,
  ) {
    this.#limit = new WorkLimit(options.what, options.concurrency, options.queue);
    this.#timeoutMs = options.timeoutMs;
  }

  /** Runs `message` in a worker; throws `BusyError` (503) when too many jobs wait already. */
  run(message: In): Promise<Out> {
    return this.#limit.run(() => this.#inWorker(message));
  }

  async #inWorker(message: In): Promise<Out> {
    let worker = this.#idle.pop();
    if (!worker) {
      try {
        worker = new Worker(this.url, { type: "module" });
      } catch {
        return await this.fallback(message);
      }
    }
    let answered = false;
    try {
      const answer = await ask<In, Out>(worker, message, this.#timeoutMs);
      answered = true;
      if ("error" in answer) throw new Error(answer.error);
      return answer.result;
    } finally {
      if (answered && this.#limit.load.waiting > 0) this.#idle.push(worker);
      else worker.terminate();
    }
  }
}

/** Posts `message` to `worker` and waits for its answer, or rejects after `timeoutMs`. */
async function ask<In, Out>(
  worker: Worker,
  message: In,
  timeoutMs?: number,
): Promise<WorkerAnswer<Out>> {
  const { promise, resolve, reject } = Promise.withResolvers<WorkerAnswer<Out>>();
  worker.onmessage = ({ data }: MessageEvent<WorkerAnswer<Out>>) => resolve(data);
  worker.onerror = (event) => {
    event.preventDefault();
    reject(event.error ?? new Error(event.message));
  };
  const timer = timeoutMs === undefined
    ? undefined
    : setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
  worker.postMessage(message);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}
