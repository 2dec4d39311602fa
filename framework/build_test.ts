import assert from "node:assert/strict";
import { buildIslands, generateManifest, manifestFresh, renderManifest } from "./build.ts";

const root = new URL("..", import.meta.url).pathname;

Deno.test("a manifest that misses a route or an island is found stale, then fresh once built", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/routes`);
    await Deno.mkdir(`${dir}/islands`);
    await Deno.writeTextFile(`${dir}/routes/index.tsx`, "export default () => null;");
    await Deno.writeTextFile(`${dir}/manifest.gen.ts`, await renderManifest(dir));
    assert.equal(await manifestFresh(dir), true);
    await Deno.writeTextFile(`${dir}/islands/Counter.tsx`, "export default () => null;");
    assert.equal(await manifestFresh(dir), false, "an island added without a build");
    await generateManifest(dir);
    assert.equal(await manifestFresh(dir), true);
    assert.match(await Deno.readTextFile(`${dir}/manifest.gen.ts`), /"\.\/islands\/Counter\.tsx"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("islands are bundled minified, code-split, with content-hashed entry names", async () => {
  const out = await Deno.makeTempDir();
  try {
    const manifest = await buildIslands(root, `${out}/islands`);
    assert.match(manifest.boot, /^boot-[0-9a-f]{10}\.js$/);
    assert.match(manifest.islands.WsDebug, /^WsDebug-[0-9a-f]{10}\.js$/);
    assert.match(manifest.islands.ThemeSwitch, /^ThemeSwitch-[0-9a-f]{10}\.js$/);
    const files = [...Deno.readDirSync(`${out}/islands`)].map((e) => e.name);
    // Preact is shared by the islands, so it lives in a chunk of its own.
    const chunks = files.filter((name) => name.startsWith("chunk-"));
    assert.ok(chunks.length > 0);
    const island = await Deno.readTextFile(`${out}/islands/${manifest.islands.WsDebug}`);
    for (const [, imported] of island.matchAll(/from\s*"\.\/([^"]+)"/g)) {
      assert.ok(files.includes(imported), `${imported} is imported and exists`);
    }
    assert.ok(island.split("\n").length < 5, "minified");
    const again = await buildIslands(root, `${out}/islands`);
    assert.equal(again.buildId, manifest.buildId, "same sources, same names");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
