/**
 * Message search at the top of the chat list: the box, the filters, and while searching the
 * messages found in place of the chats, each a link to its chat opened at that message.
 */
import type { Ref } from "preact";
import { useState } from "preact/hooks";
import type { ChatItem } from "../../lib/client/chat_items.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { useSearch } from "../../lib/client/use_search.ts";

interface Props {
  search: ReturnType<typeof useSearch>;
  chats: ChatItem[];
  clock: Clock;
  labels: Record<string, string>;
  input: Ref<HTMLInputElement>;
}

export function SearchBox({ search, chats, labels: l, input }: Omit<Props, "clock">) {
  const [showFilters, setShowFilters] = useState(false);
  const { filters } = search;
  const value = (event: Event) => (event.target as HTMLInputElement).value;
  return (
    <form class="message-search" role="search" onSubmit={(event) => event.preventDefault()}>
      <div class="search-row">
        <input
          type="search"
          ref={input}
          aria-label={l.searchMessages}
          placeholder={l.searchMessages}
          value={search.query}
          maxLength={200}
          onInput={(event) => search.setQuery(value(event))}
          onKeyDown={(event) => event.key === "Escape" && search.clear()}
        />
        <button
          type="button"
          class="link"
          aria-expanded={showFilters}
          onClick={() => setShowFilters(!showFilters)}
        >
          {l.searchFilters}
        </button>
      </div>
      {showFilters && (
        <fieldset class="search-filters">
          <label>
            {l.searchChat}
            <select
              value={filters.chatId ?? ""}
              onChange={(event) => search.filter({ chatId: Number(value(event)) || undefined })}
            >
              <option value="">{l.searchAllChats}</option>
              {chats.map((chat) => <option key={chat.id} value={chat.id}>{chat.title}</option>)}
            </select>
          </label>
          <label>
            {l.searchFrom}
            <input
              value={filters.from ?? ""}
              placeholder="username"
              onChange={(event) => search.filter({ from: value(event) })}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={filters.hasFiles ?? false}
              onChange={(event) =>
                search.filter({ hasFiles: (event.target as HTMLInputElement).checked })}
            />
            {l.searchWithFiles}
          </label>
          <label>
            {l.searchSince}
            <input
              type="date"
              value={filters.since ?? ""}
              onChange={(event) => search.filter({ since: value(event) })}
            />
          </label>
          <label>
            {l.searchUntil}
            <input
              type="date"
              value={filters.until ?? ""}
              onChange={(event) => search.filter({ until: value(event) })}
            />
          </label>
          <button type="button" class="link" onClick={search.clear}>{l.searchClear}</button>
        </fieldset>
      )}
    </form>
  );
}

/** The messages found, newest first among equals, with the matched words marked. */
export function SearchResults({ search, chats, clock, labels: l }: Omit<Props, "input">) {
  const titles = new Map(chats.map((chat) => [chat.id, chat.title]));
  return (
    <div class="search-results" aria-live="polite" aria-busy={search.busy}>
      {search.error && <p class="error" role="alert">{search.error}</p>}
      {!search.busy && !search.error && search.hits.length === 0 && (
        <p class="empty">{l.searchNothing}</p>
      )}
      <ul>
        {search.hits.map((hit) => (
          <li key={hit.messageId}>
            <a
              class="search-hit"
              href={`/im/${hit.chatId}?at=${hit.messageId}`}
              data-message-id={hit.messageId}
            >
              <span class="chat-head">
                <strong class="chat-title">{titles.get(hit.chatId) ?? ""}</strong>
                <time>{clock.whenOf(hit.createdAt)}</time>
              </span>
              <span class="chat-last">
                <span class="hit-sender">
                  {hit.senderDeleted ? l.deletedUser : hit.senderName}:
                </span>{" "}
                {hit.excerpt.map((piece, index) =>
                  index % 2 === 1 ? <mark key={index}>{piece}</mark> : piece
                )}
                {hit.similar && <span class="similar-mark">{l.searchSimilar}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {search.more && (
        <button type="button" class="link more" onClick={search.more}>{l.searchMore}</button>
      )}
    </div>
  );
}
