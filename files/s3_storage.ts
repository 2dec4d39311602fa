/**
 * Files in an S3-compatible bucket (path-style addresses, signed with `aws4fetch`), for several
 * instances or Deno Deploy, where local files do not last. An object cannot be appended to, so an
 * upload in progress is kept as pieces, `parts/<upload id>/<offset>`, each a request's worth of
 * bytes up to PIECE_BYTES; complete, they are copied into `files/<sha256>` in one stream.
 */
import { AwsClient } from "aws4fetch";
import type { S3Settings } from "../config.ts";
import { storeInPieces } from "./pieces.ts";
import type { ByteRange, FileStorage } from "./storage.ts";

/** How much of an upload is held in memory before it goes to the bucket as one piece. */
const PIECE_BYTES = 8 * 1024 * 1024;

interface Piece {
  key: string;
  offset: number;
  size: number;
}

export class S3Storage implements FileStorage {
  readonly #client: AwsClient;
  readonly #base: string;

  constructor(settings: S3Settings) {
    this.#client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: "s3",
    });
    this.#base = `${settings.endpoint.replace(/\/+$/, "")}/${settings.bucket}`;
  }

  async #call(key: string, init: RequestInit = {}, ok = [200, 204, 206]): Promise<Response> {
    const response = await this.#client.fetch(`${this.#base}/${key}`, init);
    if (!ok.includes(response.status)) {
      await response.body?.cancel();
      throw new Error(`S3 ${init.method ?? "GET"} ${key}: ${response.status}`);
    }
    return response;
  }

  /** The pieces of upload `id`, in the order of their offsets. */
  async #pieces(id: string): Promise<Piece[]> {
    const prefix = `parts/${id}/`;
    const listing = await (await this.#call(`?list-type=2&prefix=${encodeURIComponent(prefix)}`))
      .text();
    return [...listing.matchAll(/<Key>([^<]+)<\/Key>.*?<Size>(\d+)<\/Size>/gs)]
      .map(([, key, size]) => ({
        key,
        offset: Number(key.slice(prefix.length)),
        size: Number(size),
      }))
      .sort((a, b) => a.offset - b.offset);
  }

  async partSize(id: string): Promise<number> {
    return (await this.#pieces(id)).reduce((sum, piece) => sum + piece.size, 0);
  }

  async appendPart(
    id: string,
    body: ReadableStream<Uint8Array>,
    maxBytes: number,
  ): Promise<number> {
    let offset = await this.partSize(id);
    await storeInPieces(body, maxBytes, PIECE_BYTES, async (piece) => {
      const key = `parts/${id}/${String(offset).padStart(16, "0")}`;
      await this.#call(key, { method: "PUT", body: piece.slice() });
      offset += piece.byteLength;
    });
    return offset;
  }

  async readPart(id: string): Promise<ReadableStream<Uint8Array>> {
    const pieces = await this.#pieces(id);
    const call = (key: string) => this.#call(key);
    return ReadableStream.from((async function* () {
      for (const piece of pieces) {
        const response = await call(piece.key);
        if (response.body) yield* response.body;
      }
    })());
  }

  async commitPart(id: string, sha256: string): Promise<void> {
    const key = `files/${sha256}`;
    const kept = await this.#call(key, { method: "HEAD" }, [200, 404]);
    if (kept.status === 404) {
      await this.#call(key, {
        method: "PUT",
        body: await this.readPart(id),
        headers: {
          "content-length": String(await this.partSize(id)),
          "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        },
        duplex: "half",
      } as RequestInit);
    }
    await this.deletePart(id);
  }

  async deletePart(id: string): Promise<void> {
    for (const piece of await this.#pieces(id)) {
      await this.#call(piece.key, { method: "DELETE" });
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#call(`files/${sha256}`, {
      headers: range ? { range: `bytes=${range.start}-${range.end}` } : {},
    });
    return response.body ?? new ReadableStream({ start: (c) => c.close() });
  }

  async delete(sha256: string): Promise<void> {
    await this.#call(`files/${sha256}`, { method: "DELETE" }, [200, 204, 404]);
  }
}
