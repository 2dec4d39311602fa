// The offline page asks whether the server is back, less often as time goes on, and opens the
// page that was asked for once it is.
const MAX_WAIT_MS = 30_000;
let wait = 1_000;
let timer;

async function retry() {
  clearTimeout(timer);
  try {
    const answer = await fetch("/healthz", { cache: "no-store" });
    if (answer.ok) return location.reload();
  } catch {
    // still away
  }
  wait = Math.min(wait * 2, MAX_WAIT_MS);
  timer = setTimeout(retry, wait);
}

timer = setTimeout(retry, wait);
addEventListener("online", retry);
document.querySelector(".offline-retry")?.addEventListener("click", retry);
