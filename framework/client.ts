/** Browser side of islands: revives the props the server recorded and hydrates each island. */
import { type ComponentType, h, hydrate } from "preact";
import { type Signal, signal } from "@preact/signals";

const SIGNAL_KEY = "$signal";

/** Hydrates every `<parley-island>` of the page with its component from `islands`. */
// deno-lint-ignore no-explicit-any
export function boot(islands: Record<string, ComponentType<any>>): void {
  const data = document.getElementById("__parley_islands")?.textContent;
  if (!data) return;
  const { props, signals } = JSON.parse(data) as { props: unknown[]; signals: unknown[] };
  const live: Signal[] = signals.map((value) => signal(value));
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== "object") return value;
    if (SIGNAL_KEY in value) return live[(value as Record<string, number>)[SIGNAL_KEY]];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  };
  for (const element of document.querySelectorAll<HTMLElement>("parley-island")) {
    const island = islands[element.dataset.name ?? ""];
    const index = Number(element.dataset.index);
    if (!island) continue;
    hydrate(h(island, revive(props[index]) as Record<string, unknown>), element);
    // Tells tests, and styles that wait for interactivity, that the island is live.
    element.dataset.hydrated = "";
  }
}
