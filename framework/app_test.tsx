import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { signal } from "@preact/signals";
import { createApp } from "./app.ts";
import { Head } from "./head.ts";
import { HttpError } from "./http_error.ts";
import type { AppProps, FreshContext, Handlers, Manifest, PageProps } from "./types.ts";

function Counter({ start }: { start: number }) {
  return <button type="button">{start}</button>;
}
function Shared({ value }: { value: { value: number } }) {
  return <output>{value.value}</output>;
}
function Nested() {
  return (
    <div>
      <Counter start={7} />
    </div>
  );
}

function Outer() {
  return (
    <section>
      <Counter start={9} />
    </section>
  );
}

const shared = signal(5);

const manifest: Manifest = {
  routes: {
    "./routes/_app.tsx": {
      default: ({ Component, state }: AppProps) => (
        <html>
          <head>
            <meta charset="utf-8" />
          </head>
          <body data-user={String(state.user)}>
            <Component />
          </body>
        </html>
      ),
    },
    "./routes/_404.tsx": { default: () => <h1>Nothing here</h1> },
    "./routes/_500.tsx": {
      default: ({ status }: { status: number }) => <h1>Failed with {status}</h1>,
    },
    "./routes/_middleware.ts": {
      handler: async (_req: Request, ctx: FreshContext<Record<string, unknown>>) => {
        ctx.state.user = "ann";
        const response = await ctx.next();
        response.headers.set("x-outer", "1");
        return response;
      },
    },
    "./routes/index.tsx": {
      default: () => (
        <>
          <Head>
            <title>Home</title>
          </Head>
          <p>Static page</p>
        </>
      ),
    },
    "./routes/users/[name].tsx": {
      handler: {
        GET: (_req, ctx) => ctx.render({ greeting: `Hello, ${ctx.params.name}` }),
        POST: () => new Response("posted", { status: 201 }),
      } satisfies Handlers<{ greeting: string }>,
      default: ({ data, state }: PageProps<{ greeting: string }>) => (
        <p>
          {data.greeting} from {String(state.user)}
        </p>
      ),
    },
    "./routes/islands.tsx": {
      default: () => (
        <>
          <Counter start={3} />
          <Shared value={shared} />
          <Shared value={shared} />
          <Nested />
          <Outer />
        </>
      ),
    },
    "./routes/evil.tsx": {
      default: () => <Counter start={"</script><script>alert(1)</script>" as unknown as number} />,
    },
    "./routes/teapot.ts": {
      handler: () => {
        throw new HttpError(418, "short and stout");
      },
    },
    "./routes/broken.tsx": {
      default: () => {
        throw new Error("render failed");
      },
    },
    "./routes/gone.ts": {
      handler: () => {
        throw new HttpError(404);
      },
    },
  },
  islands: {
    "./islands/Counter.tsx": { default: Counter },
    "./islands/Shared.tsx": { default: Shared },
    "./islands/Outer.tsx": { default: Outer },
  },
};

async function fixtureApp() {
  const islandsDir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${islandsDir}/manifest.json`,
    JSON.stringify({
      buildId: "b1",
      boot: "boot-1.js",
      islands: { Counter: "Counter-1.js", Shared: "Shared-1.js", Outer: "Outer-1.js" },
    }),
  );
  await Deno.writeTextFile(`${islandsDir}/boot-1.js`, "export const boot = () => {};");
  const staticDir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${staticDir}/hello.txt`, "hi");
  const errors: unknown[] = [];
  const app = await createApp({ manifest, islandsDir, staticDir, onError: (e) => errors.push(e) });
  const info = {
    remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 },
  } as Deno.ServeHandlerInfo;
  const fetch = (path: string, init?: RequestInit) =>
    app.handler(new Request(new URL(path, "http://localhost"), init), info);
  return { fetch, errors };
}

function islandData(html: string) {
  const json = /<script id="__parley_islands" type="application\/json">(.*?)<\/script>/.exec(html);
  return json ? JSON.parse(json[1]) : undefined;
}

Deno.test("a page without islands ships no JavaScript and gets its <Head> title", async () => {
  const { fetch } = await fixtureApp();
  const html = await (await fetch("/")).text();
  assert.match(
    html,
    /^<!DOCTYPE html><html><head><meta charset="utf-8"\/><title>Home<\/title><\/head>/,
  );
  assert.match(html, /<p>Static page<\/p>/);
  assert.doesNotMatch(html, /<script/);
});

Deno.test("a handler renders the page with data, params and middleware state", async () => {
  const { fetch } = await fixtureApp();
  const response = await fetch("/users/bob");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-outer"), "1");
  assert.match(await response.text(), /<p>Hello, bob from ann<\/p>/);
  const posted = await fetch("/users/bob", { method: "POST" });
  assert.equal(posted.status, 201);
});

Deno.test("unknown methods get 405 with Allow, and HEAD is answered by GET without a body", async () => {
  const { fetch } = await fixtureApp();
  const put = await fetch("/users/bob", { method: "PUT" });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get("allow"), "GET, HEAD, POST");
  const head = await fetch("/users/bob", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});

Deno.test("_404 answers unknown paths and thrown 404s; _500 answers failures", async () => {
  const { fetch, errors } = await fixtureApp();
  const missing = await fetch("/no/such/page");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Nothing here/);
  assert.equal((await fetch("/gone")).status, 404);
  const teapot = await fetch("/teapot");
  assert.equal(teapot.status, 418);
  assert.match(await teapot.text(), /Failed with 418/);
  assert.equal(errors.length, 0, "4xx are not logged as errors");
  const broken = await fetch("/broken");
  assert.equal(broken.status, 500);
  assert.match(await broken.text(), /Failed with 500/);
  assert.equal(errors.length, 1);
});

Deno.test("islands are marked, their props serialised, and one signal is shared", async () => {
  const { fetch } = await fixtureApp();
  const response = await fetch("/islands");
  const html = await response.text();
  const markers = [...html.matchAll(/<parley-island data-name="(\w+)" data-index="(\d)">/g)]
    .map((m) => `${m[1]}:${m[2]}`);
  // A Counter inside a plain component is an island; one inside the Outer island is part of it.
  assert.deepEqual(markers, ["Counter:0", "Shared:1", "Shared:2", "Counter:3", "Outer:4"]);
  assert.match(
    html,
    /<parley-island data-name="Outer" data-index="4"><section><button type="button">9<\/button><\/section><\/parley-island>/,
  );
  assert.match(html, /<button type="button">3<\/button>/);
  const data = islandData(html);
  assert.deepEqual(data.props, [
    { start: 3 },
    { value: { $signal: 0 } },
    { value: { $signal: 0 } },
    { start: 7 },
    {},
  ]);
  assert.deepEqual(data.signals, [5]);
  const nonce = /nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
  assert.match(
    html,
    new RegExp(`<script type="module" nonce="${nonce.replace(/[+/]/g, "\\$&")}">`),
  );
  assert.match(
    html,
    /import \$0 from "\/_islands\/Counter-1\.js";import \$1 from "\/_islands\/Shared-1\.js"/,
  );
});

Deno.test("island props cannot break out of their script element", async () => {
  const { fetch } = await fixtureApp();
  const html = await (await fetch("/evil")).text();
  assert.equal(html.match(/<script/g)?.length, 2);
  assert.equal(islandData(html).props[0].start, "</script><script>alert(1)</script>");
});

Deno.test("every response carries the security headers; pages a nonce-only script policy", async () => {
  const { fetch } = await fixtureApp();
  const page = await fetch("/");
  const csp = page.headers.get("content-security-policy")!;
  assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/]{22}'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  assert.ok(page.headers.get("referrer-policy"));
  const other = await fetch("/");
  assert.notEqual(other.headers.get("content-security-policy"), csp, "a new nonce per response");
  const file = await fetch("/hello.txt");
  assert.equal(file.headers.get("x-content-type-options"), "nosniff");
  assert.match(file.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
});

Deno.test("static files and built islands are served with validators and cache headers", async () => {
  const { fetch } = await fixtureApp();
  const file = await fetch("/hello.txt");
  assert.equal(await file.text(), "hi");
  assert.equal(file.headers.get("content-type"), "text/plain; charset=utf-8");
  const etag = file.headers.get("etag")!;
  const again = await fetch("/hello.txt", { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
  await again.body?.cancel();
  const versioned = await fetch("/hello.txt?v=abc");
  assert.match(versioned.headers.get("cache-control")!, /immutable/);
  await versioned.body?.cancel();
  const island = await fetch("/_islands/boot-1.js");
  assert.equal(island.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(island.headers.get("content-type"), "text/javascript; charset=utf-8");
  await island.body?.cancel();
});

Deno.test("text files are served compressed in the encoding the browser accepts", async () => {
  const { fetch } = await fixtureApp();
  const as = (encoding: string) =>
    fetch("/hello.txt", { headers: { "accept-encoding": encoding } });
  const br = await as("gzip, deflate, br");
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(br.headers.get("vary"), "Accept-Encoding");
  const bytes = new Uint8Array(await br.arrayBuffer());
  assert.equal(new TextDecoder().decode(brotliDecompressSync(bytes)), "hi");
  const gzip = await as("gzip;q=1, br;q=0");
  assert.equal(gzip.headers.get("content-encoding"), "gzip");
  assert.equal(
    new TextDecoder().decode(gunzipSync(new Uint8Array(await gzip.arrayBuffer()))),
    "hi",
  );
  assert.notEqual(gzip.headers.get("etag"), br.headers.get("etag"), "a tag per encoding");
  const plain = await as("identity");
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(await plain.text(), "hi");
});
