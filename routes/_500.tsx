/** Shown when a page fails: "server unavailable" for a 503 (the database is down), else a 500. */
import type { ErrorPageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { ErrorPage } from "../components/ErrorPage.tsx";

export default function ServerError({ state, status }: ErrorPageProps<State>) {
  return <ErrorPage status={status === 503 ? 503 : 500} t={state.t} />;
}
