/**
 * Serves a folder's files from memory, read once at start: small folders of CSS, icons and
 * built scripts do not need a disk read per request. Text files are compressed once as they are
 * read, with brotli and gzip, and served in the encoding the browser accepts.
 */
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { encodeHex } from "./hex.ts";

const CONTENT_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  woff2: "font/woff2",
  webmanifest: "application/manifest+json",
};

/** For files whose URL changes with their content. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
  /** The body compressed, for text files that compress. */
  encoded?: { br: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> };
}

/** Types worth compressing: text. Images and fonts are compressed formats already. */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;

/** A folder of files, served under a URL prefix. */
export class StaticFiles {
  readonly #files = new Map<string, StaticFile>();
  readonly #cacheControl: string;

  private constructor(cacheControl: string) {
    this.#cacheControl = cacheControl;
  }

  /** Reads every file under `dir`; a missing folder serves nothing. */
  static async load(dir: string, cacheControl: string): Promise<StaticFiles> {
    const files = new StaticFiles(cacheControl);
    try {
      for await (const path of walk(dir)) {
        const body = await Deno.readFile(path);
        const digest = await crypto.subtle.digest("SHA-256", body);
        const extension = path.split(".").at(-1)!.toLowerCase();
        const contentType = CONTENT_TYPES[extension] ?? "application/octet-stream";
        files.#files.set("/" + relative(dir, path).replaceAll("\\", "/"), {
          body,
          etag: `"${encodeHex(digest).slice(0, 16)}"`,
          contentType,
          encoded: COMPRESSIBLE.test(contentType) ? compress(body) : undefined,
        });
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return files;
  }

  /** The content hash of a file, for cache-busting URLs. */
  etagOf(path: string): string | undefined {
    return this.#files.get(path)?.etag.slice(1, -1);
  }

  /**
   * Answers a GET or HEAD for `path`, or returns undefined when there is no such file.
   * A `versioned` URL (one that changes with the file) may be cached for good.
   */
  serve(req: Request, path: string, versioned = false): Response | undefined {
    const file = this.#files.get(path);
    if (!file || (req.method !== "GET" && req.method !== "HEAD")) return undefined;
    const encoding = file.encoded && acceptedEncoding(req.headers.get("accept-encoding"));
    // The encoding is part of the tag: a cache must not answer one encoding's tag with another's.
    const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
    const headers: Record<string, string> = {
      "content-type": file.contentType,
      "cache-control": versioned ? IMMUTABLE : this.#cacheControl,
      etag,
    };
    if (file.encoded) headers.vary = "Accept-Encoding";
    if (encoding) headers["content-encoding"] = encoding;
    if (req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    const body = encoding ? file.encoded![encoding] : file.body;
    return new Response(req.method === "HEAD" ? null : body, { headers });
  }
}

/**
 * Brotli's quality 5 and gzip's level 6: the files are compressed at every start, where the
 * highest qualities cost many times the time for a few percent fewer bytes.
 */
function compress(body: Uint8Array<ArrayBuffer>) {
  const copy = (bytes: Uint8Array) => new Uint8Array(bytes);
  return {
    br: copy(brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })),
    gzip: copy(gzipSync(body, { level: 6 })),
  };
}

/** The best encoding `header` accepts: brotli, then gzip, else none. */
function acceptedEncoding(header: string | null): "br" | "gzip" | undefined {
  const accepted = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (allows("br")) return "br";
  if (allows("gzip")) return "gzip";
  return undefined;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}
