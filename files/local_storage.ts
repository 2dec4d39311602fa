/**
 * Files on the local disk, under `DATA_DIR/files`: `parts/<upload id>` while uploading, then
 * `<aa>/<sha256>`, the first two hex digits making a folder so that no folder grows huge.
 */
import { join } from "node:path";
import { storeInPieces } from "./pieces.ts";
import type { ByteRange, FileStorage } from "./storage.ts";

const HEX = /^[0-9a-f]{64}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** How much of an upload is gathered in memory before it is written. */
const WRITE_BYTES = 1024 * 1024;

export class LocalStorage implements FileStorage {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  #part(id: string): string {
    // Ids come from the database, made by the server; checked anyway, as every path built here.
    if (!UPLOAD_ID.test(id)) throw new Error(`Not an upload id: ${id}`);
    return join(this.#root, "parts", id);
  }

  #file(sha256: string): string {
    if (!HEX.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return join(this.#root, sha256.slice(0, 2), sha256);
  }

  async partSize(id: string): Promise<number> {
    try {
      return (await Deno.stat(this.#part(id))).size;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return 0;
      throw error;
    }
  }

  async appendPart(
    id: string,
    body: ReadableStream<Uint8Array>,
    maxBytes: number,
  ): Promise<number> {
    await Deno.mkdir(join(this.#root, "parts"), { recursive: true, mode: 0o700 });
    using file = await Deno.open(this.#part(id), { append: true, create: true, mode: 0o600 });
    await storeInPieces(body, maxBytes, WRITE_BYTES, async (piece) => {
      for (let written = 0; written < piece.byteLength;) {
        written += await file.write(piece.subarray(written));
      }
    });
    return (await file.stat()).size;
  }

  async readPart(id: string): Promise<ReadableStream<Uint8Array>> {
    return (await Deno.open(this.#part(id))).readable;
  }

  async commitPart(id: string, sha256: string): Promise<void> {
    const target = this.#file(sha256);
    await Deno.mkdir(join(target, ".."), { recursive: true, mode: 0o700 });
    try {
      await Deno.stat(target);
      await this.deletePart(id);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      await Deno.rename(this.#part(id), target);
    }
  }

  async deletePart(id: string): Promise<void> {
    await Deno.remove(this.#part(id)).catch(ignoreMissing);
  }

  async read(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    const file = await Deno.open(this.#file(sha256));
    if (!range) return file.readable;
    await file.seek(range.start, Deno.SeekMode.Start);
    let left = range.end - range.start + 1;
    return file.readable.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (left <= 0) return;
          const piece = chunk.byteLength > left ? chunk.subarray(0, left) : chunk;
          left -= piece.byteLength;
          controller.enqueue(piece);
          if (left === 0) controller.terminate();
        },
      }),
    );
  }

  async delete(sha256: string): Promise<void> {
    await Deno.remove(this.#file(sha256)).catch(ignoreMissing);
  }
}

function ignoreMissing(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
