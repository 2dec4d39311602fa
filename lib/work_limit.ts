/**
 * A bound on costly work that strangers can ask for (hashing a password, decoding an image): at
 * most `concurrency` jobs run at once and at most `queue` wait; a job beyond that is refused at
 * once with 503, so that a flood costs a few queued jobs' memory and never the server's.
 */
import { BusyError } from "../framework/http_error.ts";

export class WorkLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    /** Names the work in the refusal ("password checks"). */
    readonly what: string,
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  /** Jobs running now and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /** Runs `job` when a place is free; throws `BusyError` when the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queue) throw new BusyError(this.what);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await job();
    } finally {
      // The place passes to the next job in line, or is freed.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
