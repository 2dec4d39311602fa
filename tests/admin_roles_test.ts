/**
 * The role matrix: every route under /admin with every method it answers, asked by a visitor, a
 * user, support staff and an admin. A visitor is sent to sign in, a role below the route's gets
 * 403 and changes nothing, and the route's role and above get through. The routes are read from
 * the folder, so that a new one cannot be left out.
 */
import assert from "node:assert/strict";
import { grantRole } from "../admin/roles.ts";
import { serverTest, type TestServer } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

type Role = "visitor" | "user" | "support" | "admin";
const ROLES: Role[] = ["visitor", "user", "support", "admin"];

/** Each route file's methods and the role it needs; `:id` is filled in by the test. */
const MATRIX: Record<string, { needs: Role; methods: ("GET" | "POST")[] }> = {
  "/admin": { needs: "admin", methods: ["GET"] },
  "/admin/users": { needs: "admin", methods: ["GET"] },
  "/admin/users/:user": { needs: "admin", methods: ["GET", "POST"] },
  "/admin/audit": { needs: "admin", methods: ["GET"] },
  "/admin/reports": { needs: "admin", methods: ["GET", "POST"] },
  "/admin/tickets": { needs: "support", methods: ["GET"] },
  "/admin/tickets/:ticket": { needs: "support", methods: ["GET", "POST"] },
  "/admin/canned": { needs: "support", methods: ["GET", "POST"] },
};

/** A harmless post for each route: the state it would change is checked after the refusals. */
const POSTS: Record<string, Record<string, string>> = {
  "/admin/users/:user": { action: "role", role: "support" },
  "/admin/reports": { messageId: "1", outcome: "dismissed" },
  "/admin/tickets/:ticket": { action: "status", status: "solved" },
  "/admin/canned": { action: "add", title: "Hello", body: "Hello there" },
};

/** The route files under `dir`, as paths below it. */
async function routeFiles(dir: URL, below = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      found.push(...await routeFiles(new URL(`${entry.name}/`, dir), `${below}${entry.name}/`));
    } else if (!entry.name.startsWith("_")) {
      found.push(`${below}${entry.name}`);
    }
  }
  return found;
}

Deno.test("the matrix names every route under /admin", async () => {
  const files = await routeFiles(new URL("../routes/admin/", import.meta.url));
  const routes = files.map((file) =>
    `/admin/${file.replace(/\.tsx?$/, "")}`.replace(/\/index$/, "").replace("[id]", ":id")
  );
  const named = Object.keys(MATRIX).map((r) => r.replace(/:(user|ticket)/, ":id"));
  assert.deepEqual(routes.sort(), named.sort());
});

async function clientOf(server: TestServer, role: Role): Promise<WebClient> {
  const client = new WebClient(server.url);
  if (role === "visitor") return client;
  await registerThroughForm(client, `a${role}`);
  if (role !== "user") await grantRole(server.services.db, null, `a${role}`, role);
  return client;
}

serverTest("every admin route and method refuses the roles below its own", async (server) => {
  const clients = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await clientOf(server, role)])),
  ) as Record<Role, WebClient>;
  const asker = new WebClient(server.url);
  await registerThroughForm(asker, "asker");
  const opened = await asker.post(
    "/help/tickets/new",
    { category: "other", subject: "Hi", body: "Hello" },
    "/help/tickets/new",
  );
  const ticket = opened.headers.get("location")!.match(/(\d+)/)![1];
  const [{ id: user }] = await server.services.db.query<{ id: number }>(
    "select id from users where username = 'asker'",
  );
  const state = async () =>
    JSON.stringify(
      await server.services.db.query(
        `select (select role from users where username = 'asker') as role,
           (select status from tickets where id = $1) as status,
           (select count(*)::int from canned_replies) as canned`,
        [ticket],
      ),
    );
  for (const [route, { needs, methods }] of Object.entries(MATRIX)) {
    const path = route.replace(":user", String(user)).replace(":ticket", ticket);
    for (const method of methods) {
      for (const role of ROLES) {
        const client = clients[role];
        const before = await state();
        const response = method === "GET"
          ? await client.fetch(path)
          : await client.post(path, POSTS[route], role === "visitor" ? "/register" : "/account");
        await response.body?.cancel();
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(needs);
        const what = `${role} ${method} ${path}: ${response.status}`;
        if (role === "visitor") {
          assert.equal(response.status, 303, what);
          assert.equal(response.headers.get("location"), "/", what);
        } else if (!allowed) {
          assert.equal(response.status, 403, what);
        } else {
          assert.ok(response.status !== 403 && response.headers.get("location") !== "/", what);
        }
        if (!allowed) assert.equal(await state(), before, `${what} changed nothing`);
      }
    }
  }
});
