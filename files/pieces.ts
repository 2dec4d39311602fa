/**
 * A request's body read in pieces of a fixed size into one buffer, reused: it comes in chunks of a
 * few KiB, and storing each alone (a disk write, a bucket request) would cost more than its bytes.
 */

/**
 * Reads at most `maxBytes` of `body`, handing `store` each full piece of `pieceBytes` and then the
 * last, shorter one; `store` must be done with a piece before it returns, as the buffer is reused.
 * A body that breaks off ends the reading, and what arrived is still stored, for the upload to
 * resume from there.
 */
export async function storeInPieces(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  pieceBytes: number,
  store: (piece: Uint8Array) => Promise<void>,
): Promise<void> {
  const buffer = new Uint8Array(Math.max(1, Math.min(pieceBytes, maxBytes)));
  let held = 0;
  let left = maxBytes;
  const reader = body.getReader();
  try {
    while (left > 0) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value.byteLength > left ? value.subarray(0, left) : value;
      left -= chunk.byteLength;
      while (chunk.byteLength > 0) {
        const taken = chunk.subarray(0, buffer.byteLength - held);
        buffer.set(taken, held);
        held += taken.byteLength;
        chunk = chunk.subarray(taken.byteLength);
        if (held === buffer.byteLength) {
          await store(buffer);
          held = 0;
        }
      }
    }
  } catch {
    // The body broke off: what arrived is stored below.
  } finally {
    reader.releaseLock();
  }
  if (held > 0) await store(buffer.subarray(0, held));
}
