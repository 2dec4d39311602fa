/**
 * A component loaded when first shown: the dialogs of groups are code the messenger page does not
 * need until one opens, so their module is fetched then (the bundle splits it off).
 */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

const loaded = new Map<() => Promise<unknown>, unknown>();

export function Lazy<Props>(
  { load, props }: { load: () => Promise<ComponentType<Props>>; props: Props },
) {
  // One Lazy may be handed another `load` (one dialog opens another): what it shows is always
  // the component of the `load` it has now, once that has come.
  const Component = loaded.get(load) as ComponentType<Props> | undefined;
  const [, setLoads] = useState(0);
  useEffect(() => {
    if (Component) return;
    load().then((component) => {
      loaded.set(load, component);
      setLoads((count) => count + 1);
    });
  }, [load]);
  // deno-lint-ignore no-explicit-any
  return Component ? <Component {...props as any} /> : null;
}
