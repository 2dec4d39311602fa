/**
 * The request pipeline: static files and built islands, then `_middleware.ts` chains around
 * the matched route, with `_404` and `_500` for what is not found or fails.
 */
import type { ComponentType } from "preact";
import { DEFAULT_BODY_LIMIT, limitBody } from "./body_limit.ts";
import { DevReload } from "./dev_reload.ts";
import { HttpError, statusOf } from "./http_error.ts";
import { registerIsland } from "./islands.ts";
import { type IslandAssets, ISLANDS_PATH, renderPage } from "./render.ts";
import { buildRouteTable, matchRoute, middlewaresFor, type Route } from "./router.ts";
import { newNonce, withSecurityHeaders } from "./security.ts";
import { IMMUTABLE, StaticFiles } from "./static_files.ts";
import type {
  AppProps,
  FreshContext,
  Handler,
  Manifest,
  Method,
  RenderOptions,
  RouteModule,
} from "./types.ts";

/** How to build the app. */
export interface AppOptions<State> {
  manifest: Manifest;
  /** Files served as they are, at the site's root. Default `static`. */
  staticDir?: string;
  /** Where `deno task build` wrote the islands. Default `_build/islands`. */
  islandsDir?: string;
  /** The state every request starts with, before middlewares add to it. */
  state?: () => State;
  /** Serve the dev reload channel. */
  dev?: boolean;
  /** Called with every error answered with a 5xx status. */
  onError?: (error: unknown, req: Request) => void;
}

/** A built app: the handler for `Deno.serve`, and what to end at shutdown. */
export interface App {
  handler: (req: Request, info: Deno.ServeHandlerInfo) => Promise<Response>;
  /** Static files by path, for cache-busted URLs. */
  staticFiles: StaticFiles;
  close(): void;
}

/** The build manifest `deno task build` writes beside the islands. */
export interface BuildManifest extends IslandAssets {
  buildId: string;
}

const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Reads the routes, islands and static files, and returns the request handler. */
export async function createApp<State extends Record<string, unknown>>(
  options: AppOptions<State>,
): Promise<App> {
  const table = buildRouteTable(options.manifest.routes);
  for (const [file, module] of Object.entries(options.manifest.islands)) {
    registerIsland(islandName(file), module.default);
  }
  const islandsDir = options.islandsDir ?? "_build/islands";
  const build = await readBuildManifest(islandsDir);
  const staticFiles = await StaticFiles.load(options.staticDir ?? "static", "public, max-age=300");
  const islandFiles = await StaticFiles.load(islandsDir, IMMUTABLE);
  // Every start is a new version: a change to a route or component restarts the process without
  // changing the islands' bundles, and the pages must reload all the same.
  const devReload = options.dev ? new DevReload(crypto.randomUUID()) : undefined;
  const App = table.special.app?.default as ComponentType<AppProps> | undefined;

  function render(
    component: ComponentType,
    pageProps: Record<string, unknown>,
    ctx: { url: URL; state: State; nonce: string },
    init: RenderOptions = {},
  ): Response {
    const html = renderPage({
      app: App,
      page: component as ComponentType<Record<string, unknown>>,
      pageProps,
      url: ctx.url,
      state: ctx.state,
      nonce: ctx.nonce,
      assets: build,
      bodyEnd: devReload?.scriptTag(ctx.nonce),
    });
    const headers = new Headers(init.headers);
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(html, { status: init.status ?? 200, headers });
  }

  function renderNotFound(ctx: { url: URL; state: State; nonce: string }): Response {
    const page = table.special.notFound?.default;
    if (!page) return new Response("Not found", { status: 404 });
    return render(page, { url: ctx.url, state: ctx.state }, ctx, { status: 404 });
  }

  function renderError(
    error: unknown,
    req: Request,
    ctx: { url: URL; state: State; nonce: string },
  ): Response {
    const status = statusOf(error);
    if (status === 404) return renderNotFound(ctx);
    if (status >= 500) options.onError?.(error, req);
    const page = table.special.error?.default;
    try {
      if (page) {
        return render(page, { url: ctx.url, state: ctx.state, error, status }, ctx, { status });
      }
    } catch (renderFailure) {
      options.onError?.(renderFailure, req);
    }
    return new Response(error instanceof HttpError ? error.message : "Internal server error", {
      status,
    });
  }

  async function handle(req: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
    const url = new URL(req.url);
    const nonce = newNonce();
    const asset = url.pathname.startsWith(ISLANDS_PATH)
      ? islandFiles.serve(req, url.pathname.slice(ISLANDS_PATH.length - 1))
      : staticFiles.serve(req, url.pathname, url.searchParams.has("v")) ?? devReload?.serve(url);
    if (asset) return withSecurityHeaders(asset, nonce);

    const state = options.state?.() ?? ({} as State);
    const matched = matchRoute(table, url);
    const limited = limitBody(req, matched?.route.module.config?.bodyLimit ?? DEFAULT_BODY_LIMIT);
    if (limited instanceof Response) return withSecurityHeaders(limited, nonce);
    req = limited;
    const chain = middlewaresFor(table, url.pathname).flatMap(({ module }) =>
      middlewareHandlers(module)
    );
    let position = 0;
    const ctx: FreshContext<State> = {
      req,
      url,
      route: matched?.route.pattern ?? "",
      params: matched?.params ?? {},
      state,
      remoteAddr: info.remoteAddr as Deno.NetAddr,
      nonce,
      render(data, init) {
        const page = matched?.route.module.default;
        if (!page) throw new Error(`${matched?.route.file ?? url.pathname} has no page component`);
        const props = { url, route: ctx.route, params: ctx.params, data, state };
        return render(page, props, ctx, init);
      },
      renderNotFound: () => renderNotFound(ctx),
      next() {
        const middleware = chain[position++];
        if (middleware) return Promise.resolve(middleware(req, ctx));
        if (!matched) return Promise.resolve(renderNotFound(ctx));
        return Promise.resolve(routeResponse(matched.route, req, ctx));
      },
    };
    let response: Response;
    try {
      response = await ctx.next();
    } catch (error) {
      response = renderError(error, req, ctx);
    }
    return withSecurityHeaders(response, nonce);
  }

  return {
    handler: handle,
    staticFiles,
    close: () => devReload?.close(),
  };
}

async function routeResponse<State>(
  route: Route,
  req: Request,
  ctx: FreshContext<State>,
): Promise<Response> {
  const handler = routeHandler(route.module, req.method);
  if (!handler) {
    const allowed = METHODS.filter((method) => routeHandler(route.module, method));
    return new Response("Method not allowed", {
      status: 405,
      headers: { allow: allowed.join(", ") },
    });
  }
  const response = await handler(req, ctx);
  return req.method === "HEAD" ? new Response(null, response) : response;
}

// deno-lint-ignore no-explicit-any
function routeHandler(module: RouteModule, method: string): Handler<any, any> | undefined {
  const { handler, default: page } = module;
  if (typeof handler === "function") return handler;
  const renderPage: Handler = (_req, ctx) => ctx.render();
  const lookup = method === "HEAD" ? "GET" : method;
  if (handler && !Array.isArray(handler)) {
    const own = handler[lookup as Method];
    if (own) return own;
  }
  return page && lookup === "GET" ? renderPage : undefined;
}

// deno-lint-ignore no-explicit-any
function middlewareHandlers(module: RouteModule): Handler<any, any>[] {
  const { handler } = module;
  if (Array.isArray(handler)) return handler;
  if (typeof handler === "function") return [handler];
  throw new Error("A _middleware file must export a handler function or an array of them");
}

/** `./islands/WsDebug.tsx` is the island `WsDebug`. */
export function islandName(file: string): string {
  return file.split("/").at(-1)!.replace(/\.(tsx?|jsx?)$/, "");
}

async function readBuildManifest(dir: string): Promise<BuildManifest | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
