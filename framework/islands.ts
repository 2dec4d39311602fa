/**
 * Server side of islands: while a page renders, every island component found in the tree
 * is wrapped in a `<parley-island>` marker and its props are recorded for the browser.
 */
import { type ComponentType, createContext, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { Signal } from "@preact/signals";

/** An island found while rendering: its name and its serialisable props. */
export interface IslandUse {
  name: string;
  props: unknown;
}

/** What one render collects: islands in document order and the signals they share. */
export interface IslandCollector {
  islands: IslandUse[];
  signals: Map<Signal, number>;
}

/** The sentinel key standing for a signal in serialised props. */
export const SIGNAL_KEY = "$signal";

const islandNames = new Map<ComponentType, string>();
const wrappers = new Map<ComponentType, ComponentType>();
const InsideIsland = createContext(false);
let collector: IslandCollector | undefined;
// Set while a wrapper creates the vnode of the component it wraps, so that vnode is left alone.
let creatingInner = false;

/** Makes `component` an island named `name`. */
export function registerIsland(name: string, component: ComponentType): void {
  islandNames.set(component, name);
}

/** Runs `render` while collecting the islands it meets. Rendering must be synchronous. */
export function collectIslands<T>(render: () => T): { result: T; collected: IslandCollector } {
  const collected: IslandCollector = { islands: [], signals: new Map() };
  collector = collected;
  try {
    return { result: render(), collected };
  } finally {
    collector = undefined;
  }
}

function wrapperFor(name: string, Island: ComponentType): ComponentType {
  let wrapper = wrappers.get(Island);
  if (wrapper) return wrapper;
  // deno-lint-ignore no-explicit-any
  wrapper = function IslandMarker(props: any) {
    creatingInner = true;
    const inner = h(Island, props);
    creatingInner = false;
    // An island inside another island is hydrated as part of the outer one.
    if (useContext(InsideIsland) || !collector) return inner;
    const index = collector.islands.length;
    collector.islands.push({ name, props: serialiseProps(name, props, collector.signals) });
    return h(
      "parley-island",
      { "data-name": name, "data-index": String(index) },
      h(InsideIsland.Provider, { value: true }, inner),
    );
  };
  wrappers.set(Island, wrapper);
  return wrapper;
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  if (collector && !creatingInner && typeof vnode.type === "function") {
    const name = islandNames.get(vnode.type);
    if (name) vnode.type = wrapperFor(name, vnode.type);
  }
  previousVnodeHook?.(vnode);
};

/**
 * Converts an island's props to JSON-safe values. Signals become `{ $signal: n }`, numbered per
 * page, so two islands given the same signal share one signal in the browser too.
 */
export function serialiseProps(
  island: string,
  props: Record<string, unknown>,
  signals: Map<Signal, number>,
): unknown {
  const visit = (value: unknown, path: string): unknown => {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw unserialisable(island, path, "a non-finite number");
      return value;
    }
    if (value instanceof Signal) {
      let id = signals.get(value);
      if (id === undefined) signals.set(value, id = signals.size);
      return { [SIGNAL_KEY]: id };
    }
    if (Array.isArray(value)) return value.map((item, i) => visit(item, `${path}[${i}]`));
    if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      if (SIGNAL_KEY in value) throw unserialisable(island, path, `the reserved key ${SIGNAL_KEY}`);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) out[key] = visit(item, `${path}.${key}`);
      }
      return out;
    }
    throw unserialisable(island, path, typeof value === "object" ? "an object" : typeof value);
  };
  const { children, ...rest } = props;
  if (children !== undefined) throw unserialisable(island, "children", "JSX children");
  return visit(rest, "props");
}

function unserialisable(island: string, path: string, what: string): TypeError {
  return new TypeError(`Island ${island}: ${path} is ${what}, which cannot be sent to the browser`);
}

/** The signals of a render, in the order of their numbers, as their current values. */
export function signalValues(signals: Map<Signal, number>): unknown[] {
  const values: unknown[] = [];
  for (const [signal, id] of signals) values[id] = signal.peek();
  return values;
}
