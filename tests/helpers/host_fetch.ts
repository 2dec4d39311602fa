/**
 * `fetch` with a Host header of the caller's choosing, as a forger would send it: the runtime's
 * own `fetch` always sends the URL's host.
 */
import http from "node:http";

export function fetchAs(host: string): (url: URL, init?: RequestInit) => Promise<Response> {
  return async (url, init = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers));
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (init.body instanceof URLSearchParams) {
      headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
    }
    return await new Promise<Response>((resolve, reject) => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? "GET",
        headers: { ...headers, host },
      }, (response) => {
        const chunks: Uint8Array<ArrayBuffer>[] = [];
        response.on("data", (chunk: Uint8Array<ArrayBuffer>) => chunks.push(chunk));
        response.on("end", () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const item of [value ?? []].flat()) responseHeaders.append(name, item);
          }
          resolve(
            new Response(response.statusCode === 204 ? null : new Blob(chunks), {
              status: response.statusCode,
              headers: responseHeaders,
            }),
          );
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  };
}
