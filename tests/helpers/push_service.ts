/**
 * A push service for tests, on 127.0.0.1: it takes what Parley posts to a device's endpoint,
 * checks the VAPID signature and decrypts the payload (RFC 8291) with the device's keys, as a
 * browser would. Paths answered with a set status act as a service that refuses or has lost them.
 */
import { createECDH, randomBytes } from "node:crypto";
import { Buffer } from "node:buffer";
import ece from "http_ece";
import { importJWK, jwtVerify } from "jose";
import type { PushSubscriptionJson } from "../../push/subscriptions.ts";

/** One push as the device read it. */
export interface Received {
  device: string;
  notice: Record<string, unknown>;
  headers: Headers;
}

/** A device's keys: its subscription, and the private half to decrypt with. */
interface Device {
  subscription: PushSubscriptionJson;
  ecdh: ReturnType<typeof createECDH>;
  auth: string;
}

export class TestPushService implements AsyncDisposable {
  readonly received: Received[] = [];
  /** What was wrong with pushes that did not check out. */
  readonly refused: string[] = [];
  /** Statuses to answer, in turn, per device name; then 201. */
  readonly answers = new Map<string, number[]>();
  readonly #devices = new Map<string, Device>();
  readonly #waiting: (() => void)[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  constructor(readonly vapidPublicKey: string) {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (request) => this.#take(request),
    );
  }

  /** A new device's subscription, as `pushManager.subscribe` gives one. */
  device(name: string): PushSubscriptionJson {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = randomBytes(16).toString("base64url");
    const { port } = this.#server.addr;
    const subscription = {
      endpoint: `http://127.0.0.1:${port}/push/${name}`,
      keys: { p256dh: ecdh.getPublicKey("base64url"), auth },
    };
    this.#devices.set(name, { subscription, ecdh, auth });
    return subscription;
  }

  /** The pushes `device` received, once there are at least `count`, within 5 s. */
  async pushesTo(device: string, count = 1): Promise<Received[]> {
    const mine = () => this.received.filter((push) => push.device === device);
    const until = Date.now() + 5_000;
    while (mine().length < count) {
      if (Date.now() > until) {
        throw new Error(
          `${device} received ${mine().length} pushes, expected ${count}; refused: ${this.refused}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return mine();
  }

  async #take(request: Request): Promise<Response> {
    const name = new URL(request.url).pathname.replace("/push/", "");
    const device = this.#devices.get(name);
    if (!device) return new Response(null, { status: 404 });
    const status = this.answers.get(name)?.shift();
    if (status !== undefined) return new Response(null, { status });
    let notice;
    try {
      await this.#checkVapid(request);
      const body = Buffer.from(await request.arrayBuffer());
      const plain = ece.decrypt(body, {
        version: "aes128gcm",
        privateKey: device.ecdh,
        authSecret: device.auth,
      });
      notice = JSON.parse(plain.toString());
    } catch (error) {
      this.refused.push(String(error));
      return new Response(null, { status: 400 });
    }
    this.received.push({ device: name, notice, headers: request.headers });
    for (const wake of this.#waiting.splice(0)) wake();
    return new Response(null, { status: 201 });
  }

  /** The request is signed by the key Parley publishes, for this service. */
  async #checkVapid(request: Request): Promise<void> {
    const [, token, key] =
      request.headers.get("authorization")?.match(/^vapid t=([^,]+), k=(.+)$/) ??
        [];
    if (key !== this.vapidPublicKey) throw new Error(`signed with ${key}`);
    const point = Buffer.from(key, "base64url");
    const publicKey = await importJWK({
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    }, "ES256");
    const { payload } = await jwtVerify(token, publicKey, {
      audience: new URL(request.url).origin,
    });
    if (!String(payload.sub).startsWith("mailto:")) throw new Error(`subject ${payload.sub}`);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.#server.shutdown();
  }
}
