/** The data folder as `main.ts` makes it: its user's alone, every file in it too. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnServer } from "./helpers/process.ts";

/** Every path under `dir` with its permission bits. */
function modes(dir: string): [string, number][] {
  const found: [string, number][] = [[dir, Deno.statSync(dir).mode! & 0o777]];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...modes(path));
    else found.push([path, Deno.statSync(path).mode! & 0o777]);
  }
  return found;
}

Deno.test({
  name: "a new data folder and PGlite's files in it are readable by Parley's user alone",
  ignore: Deno.build.os === "windows",
  async fn() {
    const parent = await Deno.makeTempDir({ prefix: "parley-data-" });
    const dataDir = join(parent, "data");
    try {
      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "", DEMO_DATA: "false" });
      await server.stop();
      const found = modes(dataDir);
      assert.ok(found.some(([path]) => path.endsWith("secret")), "the generated secret is there");
      assert.ok(found.length > 10, "PGlite's files are there");
      const open = found.filter(([, mode]) => mode & 0o077);
      assert.deepEqual(open, [], "nothing readable by group or others");
    } finally {
      await Deno.remove(parent, { recursive: true });
    }
  },
});

Deno.test({
  name: "a data folder others may read is made private at start",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "parley-data-" });
    try {
      await Deno.chmod(dataDir, 0o755);
      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "", DEMO_DATA: "false" });
      await server.stop();
      assert.equal(Deno.statSync(dataDir).mode! & 0o777, 0o700);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
