/**
 * A walk through a file's structure as it streams, for rewriting a container without holding it:
 * each step asks for a number of bytes, looks at them, and says what becomes of them and of the
 * bytes after them.
 */

export interface Step {
  /** How many bytes the step looks at. */
  need: number;
  /**
   * What to emit in place of those bytes; then how many more bytes to pass untouched, to drop, or
   * to replace with as many zeros; `done` lets the rest of the file pass untouched.
   */
  take(bytes: Uint8Array): {
    emit?: Uint8Array;
    pass?: number;
    skip?: number;
    blank?: number;
    done?: boolean;
  };
}

/** Runs `steps` over a stream; once a step says done, or the steps end, the rest passes. */
export function walker(
  steps: Iterator<Step, void, undefined>,
): TransformStream<Uint8Array, Uint8Array> {
  let buffer: Uint8Array = new Uint8Array(0);
  let pass = 0;
  let skip = 0;
  let blank = 0;
  let done = false;
  let step = steps.next();
  return new TransformStream({
    transform(chunk, controller) {
      let data = chunk;
      while (data.byteLength > 0) {
        if (done) return controller.enqueue(data);
        if (pass > 0 || skip > 0 || blank > 0) {
          const n = Math.min(pass || skip || blank, data.byteLength);
          if (pass > 0) {
            controller.enqueue(data.subarray(0, n));
            pass -= n;
          } else if (skip > 0) {
            skip -= n;
          } else {
            controller.enqueue(new Uint8Array(n));
            blank -= n;
          }
          data = data.subarray(n);
          continue;
        }
        if (step.done) {
          done = true;
          continue;
        }
        const want = step.value.need - buffer.byteLength;
        const piece = data.subarray(0, want);
        buffer = concat(buffer, piece);
        data = data.subarray(piece.byteLength);
        if (buffer.byteLength < step.value.need) return;
        const outcome = step.value.take(buffer);
        buffer = new Uint8Array(0);
        if (outcome.emit) controller.enqueue(outcome.emit);
        pass = outcome.pass ?? 0;
        skip = outcome.skip ?? 0;
        blank = outcome.blank ?? 0;
        done = outcome.done ?? false;
        step = steps.next();
      }
    },
    flush(controller) {
      // A file cut short ends as it ends: what was read and not yet judged goes out.
      if (buffer.byteLength > 0) controller.enqueue(buffer);
    },
  });
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b.slice();
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a);
  joined.set(b, a.byteLength);
  return joined;
}
