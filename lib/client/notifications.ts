/**
 * The browser's notifications: shown by the page for a tab that is hidden, and pushed by the
 * server (Web Push, through the service worker) when no Parley tab is open.
 */
import type { Message } from "../../chats/message_rows.ts";
import type { PushSubscriptionJson } from "../../push/subscriptions.ts";
import type { Wire } from "../../ws/protocol.ts";
import { mentions } from "../mentions.ts";
import { describeNote, wordsOf } from "../system_text.ts";

/**
 * Asks once for permission, at a moment the user acts (sending), as browsers require; resolves
 * to whether notifications are allowed.
 */
export async function askToNotify(): Promise<boolean> {
  if (!("Notification" in globalThis)) return false;
  if (Notification.permission === "default") await Notification.requestPermission();
  return Notification.permission === "granted";
}

/** Shows a notification, when allowed; one per chat title replaces the one before. */
export function notify(title: string, body: string): void {
  if (!("Notification" in globalThis) || Notification.permission !== "granted") return;
  new Notification(title, { body: body.slice(0, 200), tag: title });
}

/** A message for a hidden tab: told unless its chat is muted and it does not mention the reader. */
export function notifyOfMessage(
  chat: { title: string; muted: boolean },
  message: Wire<Message>,
  username: string,
  labels: Record<string, string>,
): void {
  if (chat.muted && !mentions(message.content, username)) return;
  const text = message.contentType === "system"
    ? describeNote(message.content, message.senderName ?? "", wordsOf(labels))
    : message.content;
  notify(chat.title, text);
}

/**
 * This device's push subscription for the server's key `publicKey` (base64url), made when
 * notifications are allowed and none exists; undefined where push cannot work here (no service
 * worker, not allowed, or a browser without a push service).
 */
export async function pushSubscription(
  publicKey: string,
): Promise<PushSubscriptionJSON | undefined> {
  if (
    !("serviceWorker" in navigator) || !("PushManager" in globalThis) ||
    Notification.permission !== "granted"
  ) return undefined;
  try {
    const { pushManager } = await navigator.serviceWorker.ready;
    const key = Uint8Array.from(
      atob(publicKey.replace(/-/g, "+").replace(/_/g, "/")),
      (c) => c.charCodeAt(0),
    );
    let subscription = await pushManager.getSubscription();
    // Made for another key (the server's keys changed): it would be refused.
    const made = subscription?.options.applicationServerKey;
    if (subscription && made && !sameBytes(new Uint8Array(made), key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
    return subscription.toJSON();
  } catch {
    return undefined;
  }
}

/** Gives this device's push subscription to `subscribe` (the server), where push works here. */
export async function offerPushSubscription(
  publicKey: string,
  subscribe: (subscription: PushSubscriptionJson) => Promise<unknown>,
): Promise<void> {
  const { endpoint, keys } = await pushSubscription(publicKey) ?? {};
  if (endpoint && keys?.p256dh && keys.auth) {
    await subscribe({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
