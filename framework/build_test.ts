import assert from "node:assert/strict";
import { buildIslands, renderManifest } from "./build.ts";

const root = new URL("..", import.meta.url).pathname;

Deno.test("manifest.gen.ts lists every route and island (run `deno task build` if this fails)", async () => {
  const committed = await Deno.readTextFile(`${root}manifest.gen.ts`);
  assert.equal(committed, await renderManifest(root));
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
