/**
 * Administration across processes: the first admin from the command line and from
 * ADMIN_USERNAMES, the embedded database refused to a second process, and open sockets and
 * suspensions that reach every process of one PostgreSQL database.
 */
import assert from "node:assert/strict";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { freshPostgresDatabase } from "./helpers/db.ts";
import { spawnServer } from "./helpers/process.ts";
import { WebClient } from "./helpers/web_client.ts";
import { TestSocket } from "./helpers/ws_client.ts";
import { until } from "./helpers/wait.ts";

const DATABASE_URL = Deno.env.get("DATABASE_URL");

/** `deno task admin:grant …args`, as the README has it, on the data folder `dataDir`. */
async function grant(dataDir: string, ...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "admin:grant", ...args],
    cwd: new URL("..", import.meta.url),
    env: { DATA_DIR: dataDir, DATABASE_URL: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
}

/** A visitor signed in as `login` with the demo password. */
async function signedIn(url: URL, login: string): Promise<WebClient> {
  const client = new WebClient(url);
  const response = await client.post("/login", { login, password: DEMO_PASSWORD }, "/");
  assert.equal(response.status, 303, await response.text());
  return client;
}

Deno.test({
  name: "the first admin: admin:grant on a stopped server, ADMIN_USERNAMES at start",
  ignore: Deno.build.os === "windows",
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "parley-admin-" });
    try {
      {
        await using running = await spawnServer({
          DATA_DIR: dataDir,
          DATABASE_URL: "",
          DEMO_DATA: "true",
        });
        const busy = await grant(dataDir, "alice", "admin");
        assert.equal(busy.code, 1, busy.output);
        assert.match(busy.output, /Another process is using the embedded database/);
        assert.equal((await (await signedIn(running.url, "alice")).fetch("/admin")).status, 403);
      }
      const usage = await grant(dataDir, "alice", "king");
      assert.equal(usage.code, 2);
      assert.match(usage.output, /Usage: deno task admin:grant <username> <user\|support\|admin>/);
      const granted = await grant(dataDir, "alice", "admin");
      assert.equal(granted.code, 0, granted.output);
      assert.match(granted.output, /alice is now admin/);
      assert.match((await grant(dataDir, "alice", "admin")).output, /already admin/);
      assert.match((await grant(dataDir, "nobody", "admin")).output, /No such user/);

      await using again = await spawnServer({
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        DEMO_DATA: "true",
        ADMIN_USERNAMES: "boris, nobody",
      });
      assert.equal((await (await signedIn(again.url, "alice")).fetch("/admin")).status, 200);
      const boris = await signedIn(again.url, "boris");
      assert.match(await boris.page("/admin/audit"), /the installation/);
      const { output } = await again.stop();
      assert.match(output, /ADMIN_USERNAMES names no account called nobody/);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "sockets on every process are counted; a suspension signs out every process (postgres)",
  ignore: !DATABASE_URL || Deno.build.os === "windows",
  async fn() {
    await using database = await freshPostgresDatabase("parley_admin_two");
    const env = {
      DATABASE_URL: database.url.href,
      DEMO_DATA: "true",
      SECRET: "shared-secret-of-both-processes-0123",
      ADMIN_USERNAMES: "alice",
    };
    const [first, second] = await Promise.all([spawnServer(env), spawnServer(env)]);
    try {
      const admin = await signedIn(first.url, "alice");
      await using here = await TestSocket.open(first.wsUrl);
      await using there = await TestSocket.open(second.wsUrl);
      await using boris = await TestSocket.open(second.wsUrl);
      const login = await boris.request("auth.login", { login: "boris", password: DEMO_PASSWORD });
      assert.equal(login.status, 200);
      // The other process reports every few seconds.
      await until(
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 250));
          return /<dt>Connections now<\/dt><dd>3<\/dd>/.test(await admin.page("/admin"));
        },
        15_000,
        "three sockets on two processes counted",
      );
      assert.ok(here && there);
      const found = await admin.page("/admin/users?q=boris");
      const page = found.match(/href="(\/admin\/users\/\d+)">boris</)?.[1];
      assert.ok(page, "boris is found");
      const suspended = await admin.post(page, { action: "suspend", reason: "Testing" }, page);
      assert.equal(suspended.status, 303);
      assert.deepEqual(await boris.nextEvent(5_000, ["session.ended"]), {
        event: "session.ended",
        data: {},
      });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  },
});
