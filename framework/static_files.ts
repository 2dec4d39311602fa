/**
 * Serves a folder's files from memory, read once at start: small folders of CSS, icons and
 * built scripts do not need a disk read per request.
 */
import { join, relative } from "node:path";
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
}

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
        files.#files.set("/" + relative(dir, path).replaceAll("\\", "/"), {
          body,
          etag: `"${encodeHex(digest).slice(0, 16)}"`,
          contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
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
    const headers = {
      "content-type": file.contentType,
      "cache-control": versioned ? IMMUTABLE : this.#cacheControl,
      etag: file.etag,
    };
    if (req.headers.get("if-none-match") === file.etag) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(req.method === "HEAD" ? null : file.body, { headers });
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}
