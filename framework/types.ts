/**
 * The types a route module is written against. They mirror Fresh 1.x
 * (`$fresh/server.ts`) so that routes could move to real Fresh by changing imports.
 */
import type { ComponentChildren, ComponentType } from "preact";

/** Props of a page component. */
export interface PageProps<Data = unknown, State = Record<string, unknown>> {
  url: URL;
  /** The URLPattern pathname the route was matched with. */
  route: string;
  params: Record<string, string>;
  data: Data;
  state: State;
}

/** Options for `ctx.render`. */
export interface RenderOptions {
  status?: number;
  headers?: HeadersInit;
}

/** What every handler and middleware receives besides the request. */
export interface FreshContext<State = Record<string, unknown>, Data = unknown> {
  req: Request;
  url: URL;
  route: string;
  params: Record<string, string>;
  state: State;
  remoteAddr: Deno.NetAddr;
  /** The per-response nonce that the Content-Security-Policy allows for inline scripts. */
  nonce: string;
  /** Renders the route's page component with `data`. */
  render(data?: Data, options?: RenderOptions): Response;
  /** Renders `_404.tsx`. */
  renderNotFound(): Response;
  /** Calls the next middleware, or the route itself. */
  next(): Promise<Response>;
}

/** A request handler of a route. */
export type Handler<Data = unknown, State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Response | Promise<Response>;

/** The HTTP methods a route may handle. */
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** A handler per HTTP method; `HEAD` falls back to `GET`. */
export type Handlers<Data = unknown, State = Record<string, unknown>> = {
  [M in Method]?: Handler<Data, State>;
};

/** A `_middleware.ts` handler: calls `ctx.next()` to go on. */
export type MiddlewareHandler<State = Record<string, unknown>> = Handler<unknown, State>;

/** Props of `_app.tsx`. */
export interface AppProps<State = Record<string, unknown>> {
  Component: ComponentType;
  url: URL;
  state: State;
  nonce: string;
}

/** Props of `_404.tsx`. */
export interface UnknownPageProps<State = Record<string, unknown>> {
  url: URL;
  state: State;
}

/** Props of `_500.tsx`; `status` is 500, or the status of the `HttpError` that was thrown. */
export interface ErrorPageProps<State = Record<string, unknown>> {
  url: URL;
  state: State;
  error: unknown;
  status: number;
}

/** A route's settings, as Fresh's `export const config`; `bodyLimit` is this layer's own. */
export interface RouteConfig {
  /** The most bytes of request body the route reads (`DEFAULT_BODY_LIMIT` otherwise). */
  bodyLimit?: number;
}

/** What a file in `routes/` may export. */
export interface RouteModule {
  config?: RouteConfig;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any> | MiddlewareHandler<any>[];
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
}

/** What a file in `islands/` exports: its component as the default export. */
export interface IslandModule {
  // deno-lint-ignore no-explicit-any
  default: ComponentType<any>;
}

/** The generated `manifest.gen.ts`: every route and island, keyed by file path. */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
}

/** Children passed to `<Head>`. */
export interface HeadProps {
  children: ComponentChildren;
}
