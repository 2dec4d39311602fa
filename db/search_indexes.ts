/**
 * The indexes of message search (`chats/search.ts`), built after start rather than by a
 * migration: over millions of messages they take minutes, and a migration would hold its lock,
 * and the table, meanwhile. On PostgreSQL they are built `concurrently`, so sends go on during the
 * build; PGlite has one connection, so there the build waits its turn like any statement, and it
 * is short on the installations PGlite is for. Until an index exists, search reads the table: it
 * is slower, never wrong.
 */
import type { Db } from "./types.ts";

/** Each index by name, with what follows `on` in its definition. */
export const SEARCH_INDEXES: Record<string, string> = {
  messages_search_idx: "messages using gin (to_tsvector('russian'::regconfig, content))",
  messages_trigram_idx: "messages using gin (content gin_trgm_ops)",
};

/** Builds the indexes that are missing; returns the names of those built now. */
export async function buildSearchIndexes(db: Db): Promise<string[]> {
  const built: string[] = [];
  for (const [name, definition] of Object.entries(SEARCH_INDEXES)) {
    const [index] = await db.query<{ valid: boolean; building: boolean }>(
      `select i.indisvalid as valid,
         exists (select 1 from pg_stat_progress_create_index p where p.index_relid = i.indexrelid)
           as building
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
      [name],
    );
    // Another process is building it now; a build that failed left an invalid index to replace.
    if (index?.building || index?.valid) continue;
    const concurrently = db.kind === "postgres" ? "concurrently" : "";
    if (index) await db.exec(`drop index ${concurrently} if exists ${name}`);
    await db.exec(`create index ${concurrently} if not exists ${name} on ${definition}`);
    built.push(name);
  }
  return built;
}
