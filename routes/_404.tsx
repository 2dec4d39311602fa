/** Shown for any address with no page. */
import type { UnknownPageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { ErrorPage } from "../components/ErrorPage.tsx";

export default function NotFound({ state }: UnknownPageProps<State>) {
  return <ErrorPage status={404} t={state.t} />;
}
