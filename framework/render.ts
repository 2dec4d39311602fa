/** Renders a page to an HTML document: `_app` around the page, `<Head>` contents, island scripts. */
import { type ComponentChildren, type ComponentType, Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { HeadContext } from "./head.ts";
import { collectIslands, type IslandCollector, signalValues } from "./islands.ts";
import type { AppProps } from "./types.ts";

/** Where the browser finds the built islands: file names under `/_islands/`. */
export interface IslandAssets {
  boot: string;
  islands: Record<string, string>;
}

/** Everything one page render needs. */
export interface RenderInput {
  app?: ComponentType<AppProps>;
  page: ComponentType<Record<string, unknown>>;
  pageProps: Record<string, unknown>;
  url: URL;
  state: Record<string, unknown>;
  nonce: string;
  assets?: IslandAssets;
  /** Extra HTML for the end of `<body>`, such as the dev-mode reload script. */
  bodyEnd?: string;
}

/** The path under which built island files are served. */
export const ISLANDS_PATH = "/_islands/";

/** Renders the page inside `_app` and returns the whole HTML document. */
export function renderPage(input: RenderInput): string {
  const head: ComponentChildren[] = [];
  const Component = () => h(HeadContext.Provider, { value: head }, h(input.page, input.pageProps));
  const appProps = { Component, url: input.url, state: input.state, nonce: input.nonce };
  const tree = (input.app ? h(input.app, appProps) : h(Component, {})) as VNode;
  const { result, collected } = collectIslands(() => renderToString(tree));
  let html = "<!DOCTYPE html>" + result;
  if (head.length > 0) html = insertBefore(html, "</head>", renderToString(h(Fragment, {}, head)));
  const scripts = islandScripts(collected, input.assets, input.nonce) + (input.bodyEnd ?? "");
  return insertBefore(html, "</body>", scripts);
}

function insertBefore(html: string, tag: string, insert: string): string {
  if (insert === "") return html;
  const at = html.lastIndexOf(tag);
  return at === -1 ? html + insert : html.slice(0, at) + insert + html.slice(at);
}

/** JSON that is safe inside a `<script>` element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Escapes a value for an HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function islandScripts(
  collected: IslandCollector,
  assets: IslandAssets | undefined,
  nonce: string,
): string {
  if (collected.islands.length === 0) return "";
  if (!assets) throw new Error("Islands are not built: run `deno task build`");
  const names = [...new Set(collected.islands.map((island) => island.name))];
  const imports = names.map((name, i) => {
    const file = assets.islands[name];
    if (!file) throw new Error(`Island ${name} is not built: run \`deno task build\``);
    return `import $${i} from "${ISLANDS_PATH}${file}";`;
  });
  const table = names.map((name, i) => `${JSON.stringify(name)}:$${i}`).join(",");
  const data = {
    props: collected.islands.map((i) => i.props),
    signals: signalValues(collected.signals),
  };
  const attr = escapeAttribute(nonce);
  return `<script id="__parley_islands" type="application/json">${scriptSafeJson(data)}</script>` +
    `<script type="module" nonce="${attr}">import { boot } from "${ISLANDS_PATH}${assets.boot}";` +
    `${imports.join("")}boot({${table}});</script>`;
}
