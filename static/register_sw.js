// The service worker keeps Parley readable when the server cannot be reached (see sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Not allowed here (plain HTTP on another host): pages work as they are.
  });
}
