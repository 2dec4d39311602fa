import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";
import { openFileLimit } from "./lib/open_files.ts";

Deno.test("loadConfig has documented defaults", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8000);
  assert.equal(config.hostname, "127.0.0.1");
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, "./data");
  assert.equal(config.logLevel, "info");
  assert.equal(config.env, "production");
  assert.equal(config.sweepIntervalSeconds, 600);
  assert.equal(config.maxSessions, 10);
  assert.equal(config.sessionTtlSeconds, 5 * 86_400);
  assert.equal(config.sessionBindIp, false);
  assert.equal(config.requireEmailConfirmation, true);
  assert.equal(config.smtpUrl, undefined);
  assert.equal(config.demoData, true);
  assert.deepEqual(config.trustProxy, []);
  assert.equal(config.dbConnectTimeoutSeconds, 30);
  assert.equal(config.wsMaxFrameBytes, 256 * 1024);
  assert.equal(config.wsIdleTimeoutSeconds, 30);
  assert.equal(config.wsAnonymousPerIp, 20);
  assert.equal(config.wsSignInSeconds, 60);
  assert.equal(config.shutdownTimeoutSeconds, 10);
  assert.equal(config.mailFrom, "Parley <parley@localhost>");
  assert.equal(config.vapidPublicKey, undefined);
  assert.equal(config.vapidSubject, "mailto:parley@localhost");
  assert.deepEqual(config.pushServices, [
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "*.notify.windows.com",
    "*.push.apple.com",
  ]);
  assert.deepEqual(config.allowedHosts, []);
  assert.deepEqual(config.adminUsernames, []);
  assert.deepEqual(config.warnings, []);
});

Deno.test("the WebSocket limit leaves room below the open-file limit, as documented", () => {
  const limit = openFileLimit();
  const expected = limit === undefined ? undefined : limit - 512;
  if (expected !== undefined) assert.equal(loadConfig({}).wsMaxConnections, expected);
  else assert.ok(loadConfig({}).wsMaxConnections > 0, "some limit where none can be read");
});

Deno.test(".example.env's values are the defaults: setting each changes nothing", async () => {
  const example = await Deno.readTextFile(new URL(".example.env", import.meta.url));
  const defaults = loadConfig({});
  const settings = example.split("\n").filter((line) => /^[A-Z_]+=/.test(line));
  assert.ok(settings.length >= 20, `${settings.length} settings`);
  for (const line of settings) {
    const [name, value] = [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)];
    assert.deepEqual(loadConfig({ [name]: value }), defaults, `${name}=${value}`);
  }
});

Deno.test("demo data is on by default only where no one else can sign in with it", () => {
  const demo = (env: Record<string, string>) => loadConfig(env).demoData;
  assert.equal(demo({}), true, "embedded database, loopback");
  assert.equal(demo({ HOST: "::1" }), true);
  assert.equal(demo({ HOST: "0.0.0.0" }), false, "every interface");
  assert.equal(demo({ DATABASE_URL: "postgres://u@h/db" }), false, "a database server");
  assert.equal(demo({ HOST: "0.0.0.0", PARLEY_ENV: "development" }), true, "development");
  assert.equal(demo({ HOST: "0.0.0.0", DEMO_DATA: "true" }), true, "asked for");
  assert.equal(demo({ DEMO_DATA: "false" }), false);
});

Deno.test("HOST names the interface; HOSTNAME is read without it, and a difference is told", () => {
  assert.equal(loadConfig({ HOST: "0.0.0.0" }).hostname, "0.0.0.0");
  assert.equal(loadConfig({ HOSTNAME: "10.1.2.3" }).hostname, "10.1.2.3");
  const both = loadConfig({ HOST: "127.0.0.2", HOSTNAME: "builder-7" });
  assert.equal(both.hostname, "127.0.0.2");
  assert.deepEqual(both.warnings, [
    "HOST=127.0.0.2 and HOSTNAME=builder-7 differ: listening on HOST",
  ]);
  assert.deepEqual(loadConfig({ HOST: "127.0.0.2", HOSTNAME: "127.0.0.2" }).warnings, []);
});

Deno.test("TRUST_PROXY takes addresses, CIDRs and names, and refuses anything else", () => {
  assert.deepEqual(loadConfig({ TRUST_PROXY: "10.0.0.1, 192.168.0.0/16,loopback" }).trustProxy, [
    "10.0.0.1",
    "192.168.0.0/16",
    "loopback",
  ]);
  assert.throws(() => loadConfig({ TRUST_PROXY: "10.0.0.1,proxy.example" }), /TRUST_PROXY=/);
});

Deno.test("loadConfig names every bad value at once", () => {
  let error: ConfigError | undefined;
  try {
    loadConfig({
      PORT: "eighty",
      LOG_LEVEL: "loud",
      DATABASE_URL: "mysql://x",
      SECRET: "short",
      PUBLIC_URL: "ftp://x",
      SWEEP_INTERVAL_SECONDS: "0",
      SESSION_BIND_IP: "maybe",
      SMTP_URL: "http://mail",
      ALLOWED_HOSTS: "ok.example, evil.example/path",
    });
  } catch (thrown) {
    if (!(thrown instanceof ConfigError)) throw thrown;
    error = thrown;
  }
  assert.ok(error, "a ConfigError is thrown");
  assert.equal(error.problems.length, 9);
  assert.match(error.message, /ALLOWED_HOSTS: "evil.example\/path" is not a host name/);
  assert.match(error.message, /SESSION_BIND_IP="maybe": expected true or false/);
  assert.match(error.message, /PORT="eighty": expected a whole number from 0 to 65535/);
  assert.match(error.message, /LOG_LEVEL="loud": expected one of debug, info, warn, error/);
});

Deno.test("loadConfig reads valid values", () => {
  const config = loadConfig({
    PORT: "9000",
    DATABASE_URL: "postgres://u@h/db",
    PUBLIC_URL: "https://chat.example.org",
    PARLEY_ENV: "development",
    ALLOWED_HOSTS: "Intranet, chat.example.net:8443",
  });
  assert.deepEqual(config.allowedHosts, ["intranet", "chat.example.net:8443"]);
  assert.deepEqual(loadConfig({ ADMIN_USERNAMES: " ann, Boris ,," }).adminUsernames, [
    "ann",
    "Boris",
  ]);
  assert.equal(config.port, 9000);
  assert.equal(config.databaseUrl, "postgres://u@h/db");
  assert.equal(config.publicUrl?.host, "chat.example.org");
  assert.equal(config.env, "development");
});

Deno.test("loadConfig warns when PUBLIC_URL is unset in production, reachable by others", () => {
  const warned = (env: Record<string, string>) =>
    loadConfig(env).warnings.some((w) => w.startsWith("PUBLIC_URL is unset"));
  assert.equal(warned({ HOST: "0.0.0.0" }), true);
  assert.equal(warned({ HOST: "0.0.0.0", PUBLIC_URL: "https://chat.example.org" }), false);
  assert.equal(warned({ HOST: "0.0.0.0", PARLEY_ENV: "development" }), false);
  assert.equal(warned({}), false, "on loopback only this machine's visitors get links");
});

Deno.test("S3 settings come all together, or not at all", () => {
  assert.equal(loadConfig({}).s3, undefined, "files on disk by default");
  assert.throws(
    () => loadConfig({ S3_BUCKET: "parley" }),
    /S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: needed with the other S3 settings/,
  );
  assert.throws(
    () =>
      loadConfig({
        S3_ENDPOINT: "s3.example",
        S3_BUCKET: "b",
        S3_ACCESS_KEY_ID: "k",
        S3_SECRET_ACCESS_KEY: "s",
      }),
    /S3_ENDPOINT="s3.example": expected an http\(s\) URL/,
  );
  assert.deepEqual(
    loadConfig({
      S3_ENDPOINT: "https://s3.example",
      S3_BUCKET: "b",
      S3_ACCESS_KEY_ID: "k",
      S3_SECRET_ACCESS_KEY: "s",
    }).s3,
    {
      endpoint: "https://s3.example",
      bucket: "b",
      accessKeyId: "k",
      secretAccessKey: "s",
      region: "us-east-1",
    },
  );
});

Deno.test("VAPID keys are set both or neither; the subject is a mailto: or https: URL", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  assert.deepEqual(problems({ VAPID_PUBLIC_KEY: "B" }), [
    "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both, or neither",
  ]);
  assert.deepEqual(problems({ VAPID_SUBJECT: "ops@example.com" }), [
    "VAPID_SUBJECT: expected a mailto: or https:// URL",
  ]);
  assert.equal(
    loadConfig({ MAIL_FROM: "Chat <chat@example.org>" }).vapidSubject,
    "mailto:chat@example.org",
  );
  assert.deepEqual(loadConfig({ PUSH_SERVICES: "127.0.0.1, Push.Example" }).pushServices, [
    "127.0.0.1",
    "push.example",
  ]);
});
