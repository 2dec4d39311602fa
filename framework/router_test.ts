import assert from "node:assert/strict";
import { buildRouteTable, matchRoute, middlewaresFor, patternOf } from "./router.ts";

Deno.test("patternOf follows Fresh's file conventions", () => {
  assert.equal(patternOf("./routes/index.tsx"), "/");
  assert.equal(patternOf("./routes/about.tsx"), "/about");
  assert.equal(patternOf("./routes/debug/ws.tsx"), "/debug/ws");
  assert.equal(patternOf("./routes/chats/index.tsx"), "/chats");
  assert.equal(patternOf("./routes/chats/[id].tsx"), "/chats/:id");
  assert.equal(patternOf("./routes/(site)/help.tsx"), "/help");
  assert.equal(patternOf("./routes/files/[...path].ts"), "/files/:path*");
});

Deno.test("static segments win over dynamic ones, and dynamic ones over catch-alls", () => {
  const page = { default: () => null };
  const table = buildRouteTable({
    "./routes/[...rest].tsx": page,
    "./routes/chats/[id].tsx": page,
    "./routes/chats/new.tsx": page,
    "./routes/index.tsx": page,
    "./routes/помощь.tsx": page,
  });
  const match = (path: string) => matchRoute(table, new URL(path, "http://x"));
  assert.equal(match("/chats/new")?.route.pattern, "/chats/new");
  assert.equal(match("/помощь")?.route.pattern, "/помощь", "found by its percent-encoded path");
  assert.notEqual(match("/chats/new/")?.route.pattern, "/chats/new", "a trailing slash differs");
  assert.deepEqual(match("/chats/42")?.params, { id: "42" });
  assert.equal(match("/")?.route.pattern, "/");
  assert.deepEqual(match("/a/b/c")?.params, { rest: "a/b/c" });
});

Deno.test("special files are not routes and middlewares wrap their folder only", () => {
  const module = { handler: () => new Response() };
  const table = buildRouteTable({
    "./routes/_app.tsx": { default: () => null },
    "./routes/_404.tsx": { default: () => null },
    "./routes/_500.tsx": { default: () => null },
    "./routes/_middleware.ts": module,
    "./routes/api/_middleware.ts": module,
    "./routes/api/token.ts": module,
  });
  assert.deepEqual(table.routes.map((r) => r.pattern), ["/api/token"]);
  assert.ok(table.special.app && table.special.notFound && table.special.error);
  assert.equal(middlewaresFor(table, "/api/token").length, 2);
  assert.equal(middlewaresFor(table, "/apiary").length, 1);
  assert.equal(middlewaresFor(table, "/").length, 1);
});
