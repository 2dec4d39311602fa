/**
 * Shown when a page fails or refuses: a refused request (4xx) with what was wrong with it,
 * "server unavailable" for a 503 (the database is down), else a 500 that tells nothing of the bug.
 */
import type { ErrorPageProps } from "../framework/server.ts";
import { HttpError } from "../framework/http_error.ts";
import type { State } from "../lib/state.ts";
import { ErrorPage } from "../components/ErrorPage.tsx";

export default function ServerError({ state, status, error }: ErrorPageProps<State>) {
  const refused = status < 500 && error instanceof HttpError ? error.message : undefined;
  return <ErrorPage status={status} t={state.t} detail={refused} />;
}
