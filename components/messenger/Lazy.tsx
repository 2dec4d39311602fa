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
  const [Component, setComponent] = useState(
    () => loaded.get(load) as ComponentType<Props> | undefined,
  );
  useEffect(() => {
    if (Component) return;
    load().then((component) => {
      loaded.set(load, component);
      setComponent(() => component);
    });
  }, [load]);
  // deno-lint-ignore no-explicit-any
  return Component ? <Component {...props as any} /> : null;
}
