/**
 * Turns the files of `routes/` into URL patterns, Fresh's way:
 * `index.tsx` is its folder, `[id].tsx` a segment, `[...rest].tsx` the rest of the path,
 * `(group)` folders do not appear in URLs, and `_middleware.ts` wraps its folder.
 */
import type { RouteModule } from "./types.ts";

/** A page or endpoint, matched by its pathname pattern. */
export interface Route {
  file: string;
  pattern: string;
  urlPattern: URLPattern;
  module: RouteModule;
}

/** A `_middleware.ts`, applying to every path under `prefix`. */
export interface Middleware {
  prefix: string;
  module: RouteModule;
}

/** The special files `_app`, `_404` and `_500`. */
export interface SpecialRoutes {
  app?: RouteModule;
  notFound?: RouteModule;
  error?: RouteModule;
}

/** All routes of a manifest, ready to match requests against. */
export interface RouteTable {
  /** Every route, most specific first. */
  routes: Route[];
  /** The routes without parameters, by their pathname. */
  exact: Map<string, Route>;
  /** The routes with parameters, in the order they are tried. */
  patterned: Route[];
  middlewares: Middleware[];
  special: SpecialRoutes;
}

const ROUTE_FILE = /^\.\/routes\/(.+)\.(tsx?|jsx?)$/;
/** What URLPattern reads as syntax rather than as the path's own characters. */
const PATTERN_SYNTAX = /[:*(){}?+\\]/;

/** Converts a file path such as `./routes/chats/[id].tsx` to a pattern such as `/chats/:id`. */
export function patternOf(file: string): string {
  const match = ROUTE_FILE.exec(file);
  if (!match) throw new Error(`Not a route file: ${file}`);
  const segments = match[1].split("/")
    .filter((segment) => !/^\(.+\)$/.test(segment))
    .map((segment) => {
      const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
      if (rest) return `:${rest[1]}*`;
      return segment.replace(/\[(\w+)\]/g, ":$1");
    });
  if (segments.at(-1) === "index") segments.pop();
  return "/" + segments.join("/");
}

/** Static segments win over dynamic ones, and dynamic ones over catch-alls, segment by segment. */
function rank(pattern: string): number[] {
  return pattern.split("/").slice(1).map((segment) =>
    segment.endsWith("*") ? 2 : segment.includes(":") ? 1 : 0
  );
}

function compareRoutes(a: Route, b: Route): number {
  const ra = rank(a.pattern);
  const rb = rank(b.pattern);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    if (ra[i] !== rb[i]) return ra[i] - rb[i];
  }
  return rb.length - ra.length;
}

/** Builds the route table from the manifest's `routes` record. */
export function buildRouteTable(files: Record<string, RouteModule>): RouteTable {
  const routes: Route[] = [];
  const middlewares: Middleware[] = [];
  const special: SpecialRoutes = {};
  for (const [file, module] of Object.entries(files)) {
    const name = file.split("/").at(-1)!.replace(/\.(tsx?|jsx?)$/, "");
    if (name === "_middleware") {
      const pattern = patternOf(file.replace(/_middleware\.(tsx?|jsx?)$/, "index.ts"));
      middlewares.push({ prefix: pattern === "/" ? "" : pattern, module });
    } else if (file.startsWith("./routes/_app.")) special.app = module;
    else if (file.startsWith("./routes/_404.")) special.notFound = module;
    else if (file.startsWith("./routes/_500.")) special.error = module;
    else if (!name.startsWith("_")) {
      const pattern = patternOf(file);
      routes.push({ file, pattern, urlPattern: new URLPattern({ pathname: pattern }), module });
    }
  }
  routes.sort(compareRoutes);
  middlewares.sort((a, b) => a.prefix.length - b.prefix.length);
  const exact = new Map<string, Route>();
  const patterned: Route[] = [];
  for (const route of routes) {
    if (PATTERN_SYNTAX.test(route.pattern)) patterned.push(route);
    // Keyed as URLPattern writes it, percent-encoded like a URL's pathname.
    else exact.set(route.urlPattern.pathname, route);
  }
  return { routes, exact, patterned, middlewares, special };
}

/**
 * The route matching `url`, with its parameters, or undefined. A route without parameters that
 * names the path is found at once (it would come first in the table's order too); only the others
 * are tried one by one, for each pattern tried costs microseconds and makes garbage.
 */
export function matchRoute(
  table: RouteTable,
  url: URL,
): { route: Route; params: Record<string, string> } | undefined {
  const exact = table.exact.get(url.pathname);
  if (exact) return { route: exact, params: {} };
  for (const route of table.patterned) {
    const match = route.urlPattern.exec({ pathname: url.pathname });
    if (match) {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(match.pathname.groups)) {
        if (value !== undefined) params[key] = value;
      }
      return { route, params };
    }
  }
  return undefined;
}

/** The middlewares that wrap `pathname`, outermost first. */
export function middlewaresFor(table: RouteTable, pathname: string): Middleware[] {
  return table.middlewares.filter(({ prefix }) =>
    prefix === "" || pathname === prefix || pathname.startsWith(prefix + "/")
  );
}
