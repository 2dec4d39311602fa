/** `<Head>`: lets a page add elements to the document's `<head>`, as Fresh's does. */
import { type ComponentChildren, createContext } from "preact";
import { useContext } from "preact/hooks";
import type { HeadProps } from "./types.ts";

/** Where the current render collects `<Head>` children. */
export const HeadContext = createContext<ComponentChildren[] | undefined>(undefined);

/** Adds its children to the page's `<head>`. */
export function Head({ children }: HeadProps): null {
  useContext(HeadContext)?.push(children);
  return null;
}
