/** What routes import on the server: the counterpart of Fresh's `$fresh/server.ts`. */
export type {
  AppProps,
  ErrorPageProps,
  FreshContext,
  Handler,
  Handlers,
  Manifest,
  MiddlewareHandler,
  PageProps,
  RouteConfig,
  UnknownPageProps,
} from "./types.ts";
export { HttpError } from "./http_error.ts";
export { type App, createApp } from "./app.ts";
