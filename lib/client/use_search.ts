/**
 * Message search as the messenger island keeps it: what is asked, the filters, and the hits so
 * far. A search runs a moment after the last keystroke, and an answer that comes after a newer
 * question has been asked is dropped.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SearchCursor, SearchHit } from "../../chats/search.ts";
import type { Wire } from "../../ws/protocol.ts";
import type { Request } from "./socket.ts";

/** The filters as the form holds them: dates as the date inputs give them (YYYY-MM-DD). */
export interface SearchFilters {
  chatId?: number;
  from?: string;
  hasFiles?: boolean;
  since?: string;
  until?: string;
}

const WAIT_MS = 250;

/** The start of a local day as an instant; `days` later for the end of a range. */
function dayStart(day: string, days = 0): string | undefined {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return undefined;
  return new Date(year, month - 1, date + days).toISOString();
}

export function useSearch(request: Request) {
  const [query, setQuery] = useState("");
  const [filters, setFilters] = useState<SearchFilters>({});
  const [hits, setHits] = useState<Wire<SearchHit>[]>([]);
  const [next, setNext] = useState<SearchCursor>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const active = query.trim() !== "" || Object.values(filters).some((value) => value);

  const params = (after?: SearchCursor) => ({
    query: query.trim(),
    chatId: filters.chatId,
    from: filters.from?.trim() || undefined,
    hasFiles: filters.hasFiles || undefined,
    since: filters.since ? dayStart(filters.since) : undefined,
    // The last day is included: the range ends where the next day starts.
    until: filters.until ? dayStart(filters.until, 1) : undefined,
    after,
  });

  const run = async (after?: SearchCursor) => {
    const question = ++asked.current;
    setBusy(true);
    const answer = await request("messages.search", params(after));
    if (question !== asked.current) return;
    setBusy(false);
    if (!answer.ok) {
      setError(answer.message ?? String(answer.status));
      return;
    }
    setError(undefined);
    setHits((shown) => after ? [...shown, ...answer.result.hits] : answer.result.hits);
    setNext(answer.result.next);
  };

  useEffect(() => {
    if (!active) {
      asked.current++;
      setHits([]);
      setNext(undefined);
      setError(undefined);
      return;
    }
    const timer = setTimeout(() => void run(), WAIT_MS);
    return () => clearTimeout(timer);
  }, [query, filters]);

  return {
    query,
    filters,
    hits,
    error,
    busy,
    /** Searching: a question or a filter is set, so the results show instead of the chats. */
    active,
    setQuery,
    filter: (changed: SearchFilters) => setFilters((all) => ({ ...all, ...changed })),
    more: next && (() => run(next)),
    clear() {
      setQuery("");
      setFilters({});
    },
  };
}
