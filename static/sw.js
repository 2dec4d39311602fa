// Parley's service worker. When the server cannot be reached, a page is answered with what was
// last seen of it (the recently opened chats), else with Parley's own offline page, which retries
// by itself. Scripts and styles, whose URLs change with their content, come from the cache.
// It also shows the notifications the server pushes (push/sender.ts says what they hold).
const PAGES = "parley-pages";
const SHELL = "parley-offline";
const ASSETS = "parley-assets";
const OFFLINE = "/offline";
/** How many chats are kept readable offline: the most recently opened. */
const KEPT_PAGES = 10;
/** Old builds' files are let go beyond this many. */
const KEPT_ASSETS = 80;

self.addEventListener("install", (event) => {
  event.waitUntil(keepOfflinePage().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  // A file opened or downloaded goes straight to the server: not a page, and possibly large.
  if (request.mode === "navigate" && !/^\/(files|api)\//.test(url.pathname)) {
    event.respondWith(navigate(event, url));
  }
  if (request.mode !== "navigate" && isVersioned(url)) event.respondWith(versioned(request));
});

/** Files whose URL names their content: once fetched, they never change. */
function isVersioned(url) {
  return url.pathname.startsWith("/_islands/") ||
    (url.searchParams.has("v") && /\.(css|js|svg|png|webp|woff2)$/.test(url.pathname));
}

/** The messenger's pages: the chat list and one chat. */
function isChatPage(url) {
  return /^\/im(\/\d+)?$/.test(url.pathname);
}

async function navigate(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    const pages = await caches.open(PAGES);
    return (isChatPage(url) && await pages.match(url.pathname)) ||
      await caches.match(OFFLINE) ||
      Response.error();
  }
  event.waitUntil(keep(url, response.clone()).catch(() => {}));
  return response;
}

async function keep(url, response) {
  // A chat page that redirects is one the visitor may no longer read (signed out, removed):
  // nothing kept of what they saw signed in is shown any more.
  if (isChatPage(url) && (response.type === "opaqueredirect" || response.redirected)) {
    await caches.delete(PAGES);
    await caches.delete(SHELL);
  } else if (isChatPage(url) && response.ok) {
    await keepPage(url, response);
  }
  await refreshOfflinePage(response.headers.get("content-language"));
}

async function keepPage(url, response) {
  const pages = await caches.open(PAGES);
  await pages.delete(url.pathname);
  await pages.put(url.pathname, response);
  await trim(pages, KEPT_PAGES);
}

async function versioned(request) {
  const assets = await caches.open(ASSETS);
  const kept = await assets.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    await assets.put(request, response.clone());
    await trim(assets, KEPT_ASSETS);
  }
  return response;
}

/** Fetches the offline page and the files it shows with, in the visitor's language. */
async function keepOfflinePage() {
  const response = await fetch(OFFLINE, { cache: "no-store" });
  if (!response.ok) return;
  const html = await response.clone().text();
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+\?v=[^"]+)"/g)].map((m) => m[1]);
  await (await caches.open(ASSETS)).addAll(assets);
  await (await caches.open(SHELL)).put(OFFLINE, response);
}

/** The offline page is fetched again when missing, or when the pages' language is not its own. */
async function refreshOfflinePage(lang) {
  const kept = await caches.match(OFFLINE);
  if (!kept || (lang && kept.headers.get("content-language") !== lang)) await keepOfflinePage();
}

/** Lets go of the oldest entries of `cache` beyond `max`; keys come in the order they were put. */
async function trim(cache, max) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key);
}

// A notice replaces the one of the same chat or ticket (its tag); a chat read on another device
// takes its notification away.
self.addEventListener("push", (event) => {
  let notice;
  try {
    notice = event.data?.json();
  } catch {
    return;
  }
  if (!notice?.tag) return;
  event.waitUntil(show(notice));
});

async function show(notice) {
  if (notice.kind === "read") {
    const shown = await self.registration.getNotifications({ tag: notice.tag });
    for (const notification of shown) notification.close();
    return;
  }
  await self.registration.showNotification(notice.title, {
    body: notice.body,
    tag: notice.tag,
    // A newer message of the same chat is told again, not swapped in silently.
    renotify: true,
    icon: "/favicon.svg",
    data: { url: notice.url },
  });
}

// A click opens the chat (or ticket): in a Parley tab already open, else in a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openAt(event.notification.data?.url ?? "/im"));
});

async function openAt(path) {
  const url = new URL(path, location.origin).href;
  const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const tab = tabs.find((client) => new URL(client.url).origin === location.origin);
  if (!tab) return self.clients.openWindow(url);
  // Focusing is allowed only in answer to the click; the tab goes to the chat either way.
  await tab.focus().catch(() => {});
  return tab.navigate(url);
}
