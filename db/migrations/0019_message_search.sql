-- Message search (chats/search.ts): whole words through full-text search, partial words and typos
-- through trigrams. Its two indexes are not made here: on a large installation they take minutes,
-- and a migration holds its lock meanwhile. db/search_indexes.ts builds them after start, without
-- blocking sends; until they exist, search reads the table and is slower, never wrong.
-- In `public`, not the schema being migrated: an extension is one per database.
create extension if not exists pg_trgm schema public;
