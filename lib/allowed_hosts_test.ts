import assert from "node:assert/strict";
import { hostAllowed } from "./allowed_hosts.ts";

const base = { publicUrl: undefined, allowedHosts: [], hostname: "127.0.0.1" };

Deno.test("loopback names and the listening address are served; other names are not", () => {
  for (
    const host of ["localhost:8000", "127.0.0.1:8000", "127.0.0.5", "[::1]:8000", "a.localhost"]
  ) {
    assert.ok(hostAllowed(host, base), host);
  }
  for (
    const host of ["evil.example", "evil.example:8000", "10.0.0.7:8000", "localhost.evil.example"]
  ) {
    assert.ok(!hostAllowed(host, base), host);
  }
  const lan = { ...base, hostname: "192.168.1.20" };
  assert.ok(hostAllowed("192.168.1.20:8000", lan));
  assert.ok(!hostAllowed("192.168.1.21:8000", lan));
  const everywhere = { ...base, hostname: "0.0.0.0" };
  assert.ok(!hostAllowed("0.0.0.0:8000", everywhere), "a wildcard names no host");
  assert.ok(!hostAllowed("203.0.113.9:8000", everywhere));
});

Deno.test("PUBLIC_URL's name and ALLOWED_HOSTS are served, a port where one is given", () => {
  const config = {
    ...base,
    hostname: "0.0.0.0",
    publicUrl: new URL("https://chat.example.org"),
    allowedHosts: ["intranet", "chat.example.net:8443"],
  };
  for (
    const host of ["chat.example.org", "CHAT.example.org", "intranet:8000", "chat.example.net:8443"]
  ) {
    assert.ok(hostAllowed(host, config), host);
  }
  for (
    const host of ["chat.example.net", "chat.example.net:8000", "example.org", "user@intranet"]
  ) {
    assert.ok(!hostAllowed(host, config), host);
  }
});
