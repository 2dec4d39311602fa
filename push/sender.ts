/**
 * Sending Web Push messages: each encrypted for its device (RFC 8291) and signed with the server's
 * VAPID key by `web-push`, then posted to the device's push service. Sending never holds up what
 * asked for it: notices wait in a bounded queue, a few go out at once, a failure the service may
 * recover from is tried again later (1 s, 5 s, then 30 s), and a subscription the service says is
 * gone (404, 410) is forgotten.
 */
// @ts-types="@types/web-push"
import webpush from "web-push";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../lib/log.ts";
import { forgetEndpoint, type PushSubscriptionJson } from "./subscriptions.ts";
import type { VapidKeys } from "./vapid.ts";

/**
 * What a device is told, in the reader's language; the service worker (`static/sw.js`) shows it.
 * Notices of one chat or ticket share a `tag`: each replaces the one before, on the device and at
 * the push service.
 */
export type Notice =
  | {
    kind: "message";
    chatId: number;
    tag: string;
    /** Where a click leads. */
    url: string;
    title: string;
    body: string;
    /** Messages not yet read in the chat since the last notice. */
    count: number;
    mention: boolean;
  }
  | { kind: "ticket"; ticketId: number; tag: string; url: string; title: string; body: string }
  /** The chat was read on another device: its notification goes. */
  | { kind: "read"; chatId: number; tag: string };

/** The tag of a chat's notices. */
export const chatTag = (chatId: number) => `chat-${chatId}`;

interface Job {
  device: PushSubscriptionJson;
  notice: Notice;
  attempt: number;
}

export interface SenderOptions {
  db: Db;
  log: Logger;
  vapid: VapidKeys;
  /** Notices waiting at most; beyond, new ones are dropped (and counted in the log). */
  maxQueued?: number;
  /** Posts at once. */
  concurrency?: number;
  /** Seconds before each retry. */
  retryAfter?: number[];
}

export class PushSender {
  readonly #options: Required<SenderOptions>;
  readonly #queue: Job[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #running = 0;
  #dropped = 0;
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(options: SenderOptions) {
    this.#options = { maxQueued: 10_000, concurrency: 8, retryAfter: [1, 5, 30], ...options };
  }

  /** Queues `notice` for each of `devices`. */
  send(devices: readonly PushSubscriptionJson[], notice: Notice): void {
    for (const device of devices) this.#enqueue({ device, notice, attempt: 0 });
  }

  /** Resolves once nothing is queued, sending or waiting to be tried again. */
  idle(): Promise<void> {
    if (this.#settled()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops: what is queued is let go. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#queue.length = 0;
  }

  #enqueue(job: Job): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#options.maxQueued) {
      if (this.#dropped++ % 1_000 === 0) {
        this.#options.log.warn("Push notices dropped: too many waiting", {
          dropped: this.#dropped,
        });
      }
      return;
    }
    this.#queue.push(job);
    this.#pump();
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running++;
      this.#post(job).finally(() => {
        this.#running--;
        this.#pump();
        if (this.#settled()) { for (const resolve of this.#idle.splice(0)) resolve(); }
      });
    }
  }

  #settled(): boolean {
    return this.#queue.length === 0 && this.#running === 0 && this.#timers.size === 0;
  }

  async #post(job: Job): Promise<void> {
    const { vapid, log, db } = this.#options;
    let status: number;
    try {
      const request = webpush.generateRequestDetails(job.device, JSON.stringify(job.notice), {
        vapidDetails: vapid,
        // A notice a day late is of no use.
        TTL: 86_400,
        urgency: job.notice.kind === "read" ? "low" : "high",
        topic: job.notice.tag,
      });
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body as Uint8Array<ArrayBuffer> | null,
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      status = response.status;
    } catch (error) {
      log.debug("Push not delivered", { error });
      status = 0;
    }
    if (status >= 200 && status < 300) return;
    if (status === 404 || status === 410) {
      await forgetEndpoint(db, job.device.endpoint).catch((error) =>
        log.warn("A push subscription that is gone could not be removed", { error })
      );
      return;
    }
    const delay = this.#options.retryAfter[job.attempt];
    if ((status === 0 || status === 429 || status >= 500) && delay !== undefined) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#enqueue({ ...job, attempt: job.attempt + 1 });
      }, delay * 1000);
      this.#timers.add(timer);
      return;
    }
    log.warn("A push service refused a notice", { status, attempt: job.attempt });
  }
}
