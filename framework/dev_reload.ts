/**
 * Dev mode only: pages hold an EventSource open to the server; when `deno task dev` restarts
 * the process after a change, the stream drops, comes back with a new build id, and the page
 * reloads itself.
 */

const PATH = "/_dev/reload";

const CLIENT = `let current;
const events = new EventSource("${PATH}");
events.onmessage = (event) => {
  if (current && current !== event.data) location.reload();
  current = event.data;
};`;

/** The reload channel of one dev server. */
export class DevReload {
  readonly #buildId: string;
  readonly #streams = new Set<ReadableStreamDefaultController<Uint8Array>>();

  constructor(buildId: string) {
    this.#buildId = buildId;
  }

  /** The script tag to put at the end of every page. */
  scriptTag(nonce: string): string {
    return `<script type="module" nonce="${nonce}" src="${PATH}.js"></script>`;
  }

  /** Answers the channel's two URLs, or returns undefined for any other. */
  serve(url: URL): Response | undefined {
    if (url.pathname === `${PATH}.js`) {
      return new Response(CLIENT, { headers: { "content-type": "text/javascript" } });
    }
    if (url.pathname !== PATH) return undefined;
    const streams = this.#streams;
    let self: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        streams.add(controller);
        controller.enqueue(new TextEncoder().encode(`retry: 300\ndata: ${this.#buildId}\n\n`));
      },
      cancel: () => void streams.delete(self),
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
    });
  }

  /** Ends every open stream, so that a graceful shutdown does not wait for them. */
  close(): void {
    for (const controller of this.#streams) controller.close();
    this.#streams.clear();
  }
}
