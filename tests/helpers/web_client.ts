/** A cookie-keeping HTTP client for page tests: what a browser does, without the browser. */
import assert from "node:assert/strict";
import { GOOD_PASSWORD } from "./accounts.ts";

/** One visitor: keeps its cookies between requests and reads forms' CSRF tokens. */
export class WebClient {
  readonly #cookies = new Map<string, string>();
  constructor(
    readonly base: URL,
    readonly headers: Record<string, string> = {},
    readonly transport: (url: URL, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  /** Requests `path` without following redirects, keeping the cookies it sets. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.headers, ...init.headers as Record<string, string> });
    if (this.#cookies.size > 0) {
      headers.set("cookie", [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const response = await this.transport(new URL(path, this.base), {
      ...init,
      headers,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      if (value === "" || /max-age=0/i.test(cookie)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** The page at `path` as text. */
  async page(path: string): Promise<string> {
    const response = await this.fetch(path);
    return await response.text();
  }

  /** The CSRF token of the first form on the page at `path`. */
  async csrf(path = "/register"): Promise<string> {
    const html = await this.page(path);
    const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error(`No form on ${path}`);
    return token;
  }

  /** Posts `fields` with the CSRF token from the page at `from`. */
  async post(path: string, fields: Record<string, string>, from = "/register"): Promise<Response> {
    const body = new URLSearchParams({ _csrf: await this.csrf(from), ...fields });
    return await this.fetch(path, { method: "POST", body });
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }
}

/** Registers `username` through the form; the client is then signed in. */
export async function registerThroughForm(client: WebClient, username: string) {
  const response = await client.post("/register", {
    username,
    email: `${username}@example.com`,
    password: GOOD_PASSWORD,
  });
  assert.equal(response.status, 303, await response.text());
  assert.equal(response.headers.get("location"), "/im");
  return response;
}
