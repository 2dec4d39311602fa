/** Waiting for a condition in a test, with a bound that fails the test instead of hanging it. */

/** What `promise` gives, or a rejection naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it holds, at most `ms`; fails naming `what` otherwise. */
export async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
  const deadline = performance.now() + ms;
  while (!await check()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
