/** The browser's notifications of new messages, for a tab that is hidden. */

/** Asks once for permission, at a moment the user acts (sending), as browsers require. */
export function askToNotify(): void {
  if ("Notification" in globalThis && Notification.permission === "default") {
    Notification.requestPermission();
  }
}

/** Shows a notification, when allowed; one per chat title replaces the one before. */
export function notify(title: string, body: string): void {
  if (!("Notification" in globalThis) || Notification.permission !== "granted") return;
  new Notification(title, { body: body.slice(0, 200), tag: title });
}
