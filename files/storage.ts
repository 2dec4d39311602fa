/**
 * Where the bytes of files live: parts being uploaded, under the upload's id, and finished files,
 * under their SHA-256, so that a file sent many times is kept once. The database says which
 * uploads name which file; the storage only keeps bytes.
 */

/** A byte range to read, both ends included, as HTTP's Range names it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileStorage {
  /** How many bytes of upload `id` are kept: where it resumes. */
  partSize(id: string): Promise<number>;
  /**
   * Appends `body` to upload `id`, at most `maxBytes` of it; returns the part's size after, also
   * when the body broke off midway (what arrived is kept, for the upload to resume).
   */
  appendPart(id: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<number>;
  /** The bytes of upload `id` so far. */
  readPart(id: string): Promise<ReadableStream<Uint8Array>>;
  /** Keeps upload `id`'s bytes as the file `sha256` (once: a file kept already stays). */
  commitPart(id: string, sha256: string): Promise<void>;
  deletePart(id: string): Promise<void>;
  /** The file `sha256`, whole or a range of it. */
  read(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  delete(sha256: string): Promise<void>;
}
