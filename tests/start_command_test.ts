/**
 * What `deno task start` promises: `main.ts` does all it offers with the task's permissions alone
 * (no FFI, so no native addon), and the Docker image grants it the same ones. And what
 * `deno task compile` needs to promise as much: the workers, which no static import reaches.
 */
import assert from "node:assert/strict";
import { Jimp } from "jimp";
import { GOOD_PASSWORD } from "./helpers/accounts.ts";
import { spawnServer, startFlags } from "./helpers/process.ts";
import { WebClient } from "./helpers/web_client.ts";

Deno.test("with the start task's permissions, main.ts signs up and takes an avatar", async () => {
  await using server = await spawnServer({ DATABASE_URL: "" });
  const client = new WebClient(server.url);
  const registered = await client.post("/register", {
    username: "stan",
    email: "stan@example.com",
    password: GOOD_PASSWORD,
  });
  assert.equal(registered.status, 303, await registered.text());

  const picture = await new Jimp({ width: 300, height: 200, color: 0x20a060ff }).getBuffer(
    "image/png",
  );
  const form = new FormData();
  form.set("_csrf", await client.csrf("/account"));
  form.set("tab", "profile");
  form.set("action", "avatar");
  form.set("avatar", new File([new Uint8Array(picture)], "a.png", { type: "image/png" }));
  const uploaded = await client.fetch("/account", { method: "POST", body: form });
  assert.equal(uploaded.status, 303, await uploaded.text());
  const src = (await client.page("/account")).match(/src="(\/avatars\/\d+\?v=1)"/)![1];
  const avatar = await fetch(new URL(src, server.url));
  assert.equal(avatar.headers.get("content-type"), "image/jpeg");
  const decoded = await Jimp.fromBuffer(await avatar.arrayBuffer());
  assert.deepEqual([decoded.width, decoded.height], [256, 256]);
});

Deno.test("the Docker image runs main.ts with the start task's permissions", async () => {
  const dockerfile = await Deno.readTextFile(new URL("../Dockerfile", import.meta.url));
  const command = dockerfile.match(/^CMD (\[.*\])$/m)?.[1];
  assert.ok(command, "the Dockerfile has a CMD in exec form");
  assert.deepEqual(JSON.parse(command), ["run", ...await startFlags(), "main.ts"]);
});

/** The project's own source files, as paths from its root. */
async function* sourceFiles(dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(`../${dir}`, import.meta.url))) {
    const path = dir + entry.name;
    if (entry.isDirectory && !/^(\.|_|node_modules$)/.test(entry.name)) {
      yield* sourceFiles(`${path}/`);
    } else if (entry.isFile && /\.tsx?$/.test(entry.name)) yield path;
  }
}

Deno.test("the one binary and the image hold every worker the server starts", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const included = [...String(config.tasks.compile).matchAll(/--include (\S+)/g)].map((m) => m[1]);
  const dockerfile = await Deno.readTextFile(new URL("../Dockerfile", import.meta.url));
  const workers: string[] = [];
  for await (const path of sourceFiles()) {
    if (path.startsWith("tests/")) continue;
    const source = await Deno.readTextFile(new URL(`../${path}`, import.meta.url));
    for (
      const [, module] of source.matchAll(/new URL\("([^"]+_worker\.ts)", import\.meta\.url\)/g)
    ) {
      workers.push(new URL(module, `file:///${path}`).pathname.slice(1));
    }
  }
  assert.deepEqual(workers.sort(), [
    "accounts/avatar_worker.ts",
    "accounts/password_worker.ts",
    "db/pglite_worker.ts",
    "files/thumbnail_worker.ts",
  ]);
  for (const worker of workers) {
    assert.ok(included.includes(worker), `${worker} is not included in deno task compile`);
    assert.ok(dockerfile.includes(worker), `${worker} is not cached by the Dockerfile`);
  }
});
