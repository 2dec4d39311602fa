/**
 * Searching the messages a user may read. Whole words are found by full-text search in their
 * inflections, each a prefix so that a word still being typed matches; the `russian`
 * configuration stems Cyrillic words as Russian and Latin ones as English, so one index serves
 * both. When the words find less than a page, trigrams add messages with a similar word (a typo,
 * a word cut short differently), marked as such and after the others.
 *
 * A user may read the chats they are in from where they last deleted it "for me", and the groups
 * they left up to the last message there was then, as `chat_history` does; deleted messages,
 * system notes and stickers are not searched.
 */
import type { Db, Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { WorkLimit } from "../lib/work_limit.ts";
import {
  MARK_START,
  MARK_STOP,
  markedPieces,
  prefixQuery,
  searchWords,
} from "../lib/search_words.ts";

/** What narrows a search. */
export interface SearchFilters {
  chatId?: number;
  /** The sender's username. */
  from?: string;
  /** Only messages with files. */
  hasFiles?: boolean;
  since?: Date;
  until?: Date;
}

/** Where the previous page ended: its last hit's rank and id. */
export interface SearchCursor {
  rank: number;
  id: number;
}

/** One message found. */
export interface SearchHit {
  messageId: number;
  chatId: number;
  senderId: number | null;
  senderName: string | null;
  senderDeleted: boolean;
  createdAt: Date;
  /** The text around the match in pieces: the odd ones are the matched words. */
  excerpt: string[];
  /** Found by a similar word rather than the words themselves. */
  similar: boolean;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Where the next page starts, when there is one. */
  next?: SearchCursor;
}

/** How alike a word must be to count as similar (`pg_trgm`'s word similarity, 0–1). */
const SIMILAR = 0.4;
/** The longest excerpt of a similar word's message, in characters. */
const EXCERPT_CHARS = 240;

interface HitRow {
  id: number;
  chat_id: number;
  sender_id: number | null;
  sender_name: string | null;
  sender_deleted: boolean;
  created_at: Date;
  rank: number;
  excerpt: string;
  marks?: string[] | null;
}

/**
 * The messages `me` may read that match `text` and `filters`, best first and newest first among
 * equals; `limit` a page. Without words, the filters alone choose, newest first.
 */
export function searchMessages(
  db: Db,
  me: number,
  text: string,
  filters: SearchFilters = {},
  page: { after?: SearchCursor; limit?: number } = {},
): Promise<SearchPage> {
  return searches.run(() => search(db, me, text, filters, page));
}

/**
 * Searches running at once, and waiting: a search reads far more than a send, and a flood of them
 * is refused (503) rather than left to take the database from everyone else.
 */
const searches = new WorkLimit("message searches", 4, 32);

async function search(
  db: Db,
  me: number,
  text: string,
  filters: SearchFilters,
  { after, limit = 20 }: { after?: SearchCursor; limit?: number },
): Promise<SearchPage> {
  // Words such as "the" or "и" are in every other message: alone they find nothing.
  const words = await wordsThatCount(db, searchWords(text));
  const hasFilters = filters.chatId !== undefined || filters.from !== undefined ||
    filters.hasFiles || filters.since !== undefined || filters.until !== undefined;
  if (words.length === 0 && !hasFilters) return { hits: [] };
  const senderId = filters.from === undefined ? undefined : await userIdOf(db, filters.from);
  const readable = { me, ...filters, senderId };
  const where = readableWhere(readable);
  const query = words.length > 0 ? tsquery(where.param(prefixQuery(words.join(" ")))) : undefined;
  if (query) where.and(`to_tsvector('russian'::regconfig, m.content) @@ ${query}`);
  const rank = query
    ? `ts_rank(to_tsvector('russian'::regconfig, m.content), ${query})`
    : "0::real";
  if (after) {
    where.and(
      `(${rank}, m.id) < (${where.param(after.rank)}::real, ${where.param(after.id)}::bigint)`,
    );
  }
  const excerpt = query
    ? `ts_headline('russian'::regconfig, p.content, ${query}, ${where.param(HEADLINE)})`
    : `left(p.content, ${EXCERPT_CHARS})`;
  // Ranked in a subquery first: the excerpt is made for the page's messages only.
  const rows = await db.query<HitRow>(
    `${where.mine}
     select p.id, p.chat_id, p.sender_id, coalesce(u.display_name, u.username) as sender_name,
       u.deleted_at is not null as sender_deleted, p.created_at, p.rank, ${excerpt} as excerpt
     from (
       select m.id, m.chat_id, m.sender_id, m.content, m.created_at, ${rank} as rank
       from messages m join mine on mine.chat_id = m.chat_id
       where ${where.conditions}
       order by rank desc, m.id desc limit ${where.param(limit + 1)}
     ) p left join users u on u.id = p.sender_id
     order by p.rank desc, p.id desc`,
    where.params,
  );
  const more = rows.length > limit;
  const hits = rows.slice(0, limit).map((row) => hitOf(row, markedPieces(row.excerpt), false));
  if (more) {
    const last = rows[limit - 1];
    return { hits, next: { rank: last.rank, id: last.id } };
  }
  // Similar words fill the first page only: they come after every exact match, unpaged.
  const similarWords = words.filter((word) => word.length >= 3);
  if (after || similarWords.length === 0) return { hits };
  const similar = await similarMessages(db, readable, similarWords, limit - hits.length);
  return { hits: [...hits, ...similar] };
}

/** The query made of the words in parameter `param`, stemmed as the messages are. */
const tsquery = (param: string) => `to_tsquery('russian'::regconfig, ${param})`;

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=35, MinWords=15`;

/** `words` less those the search configuration drops as too common to search (stop words). */
async function wordsThatCount(db: Queryable, words: string[]): Promise<string[]> {
  if (words.length === 0) return [];
  const rows = await db.query<{ word: string }>(
    `select w as word from unnest($1::text[]) with ordinality as t (w, n)
     where to_tsvector('russian'::regconfig, w) <> ''::tsvector order by n`,
    [words],
  );
  return rows.map((row) => row.word);
}

/** Whose search, and its filters with the sender's username looked up. */
type Readable = SearchFilters & { me: number; senderId?: number };

/**
 * The conditions of a message `me` may read that passes the filters, built with its parameters so
 * that each query names only the filters it uses: the planner then sees every index it may use.
 */
function readableWhere(filters: Readable) {
  const params: unknown[] = [filters.me];
  const param = (value: unknown) => `$${params.push(value)}`;
  const conditions = [
    // The chats also as an array, so that the planner can combine the chat and text indexes.
    "m.chat_id = any(array(select chat_id from mine))",
    "m.id > mine.after and m.id <= mine.upto",
    "m.deleted_at is null and m.content_type not in ('system', 'sticker')",
  ];
  const and = (condition: string) => conditions.push(condition);
  if (filters.chatId !== undefined) and(`m.chat_id = ${param(filters.chatId)}`);
  if (filters.senderId !== undefined) and(`m.sender_id = ${param(filters.senderId)}`);
  if (filters.hasFiles) and("jsonb_array_length(coalesce(m.attachments, '[]')) > 0");
  if (filters.since) and(`m.created_at >= ${param(filters.since)}`);
  if (filters.until) and(`m.created_at < ${param(filters.until)}`);
  return {
    params,
    param,
    and,
    get conditions() {
      return conditions.join(" and ");
    },
    /** The chats `me` may read, and the part of each, as a CTE. */
    mine: `with mine as materialized (
        select chat_id, hidden_before as after, 9223372036854775807::bigint as upto
        from chat_members where user_id = $1
        union all
        select chat_id, 0, last_message_id from former_members where user_id = $1
      )`,
  };
}

/**
 * Messages with a word like each of `words` that the words themselves did not find. The phrase as
 * a whole is what the trigram index is asked; each word is then checked on its own.
 */
async function similarMessages(
  db: Db,
  readable: Readable,
  words: string[],
  limit: number,
): Promise<SearchHit[]> {
  if (limit <= 0) return [];
  const where = readableWhere(readable);
  const phrase = where.param(words.join(" "));
  const each = where.param(words);
  where.and(`${phrase} <% m.content`);
  where.and(`(select bool_and(w <% m.content) from unnest(${each}::text[]) w)`);
  where.and(
    `not to_tsvector('russian'::regconfig, m.content) @@ ${
      tsquery(where.param(prefixQuery(words.join(" "))))
    }`,
  );
  const rows = await db.transaction(async (tx: Queryable) => {
    await tx.query(`set local pg_trgm.word_similarity_threshold = ${SIMILAR}`);
    return await tx.query<HitRow>(
      `${where.mine}
       select m.id, m.chat_id, m.sender_id, coalesce(u.display_name, u.username) as sender_name,
         u.deleted_at is not null as sender_deleted, m.created_at,
         word_similarity(${phrase}, m.content) as rank,
         left(m.content, ${EXCERPT_CHARS}) as excerpt,
         array(
           select distinct t from regexp_split_to_table(left(m.content, ${EXCERPT_CHARS}),
             '[^[:alnum:]]+') t
           where t <> '' and exists (
             select 1 from unnest(${each}::text[]) w
             where word_similarity(w, t) >= ${SIMILAR} or lower(t) like w || '%'
           )
         ) as marks
       from messages m join mine on mine.chat_id = m.chat_id
       left join users u on u.id = m.sender_id
       where ${where.conditions}
       order by rank desc, m.id desc limit ${where.param(limit)}`,
      where.params,
    );
  });
  return rows.map((row) => hitOf(row, piecesMarking(row.excerpt, row.marks ?? []), true));
}

function hitOf(row: HitRow, excerpt: string[], similar: boolean): SearchHit {
  return {
    messageId: row.id,
    chatId: row.chat_id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    senderDeleted: row.sender_deleted,
    createdAt: row.created_at,
    excerpt,
    similar,
  };
}

/** `text` in pieces with each of `words` marked where it stands as a whole word. */
export function piecesMarking(text: string, words: string[]): string[] {
  if (words.length === 0) return [text];
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  return text.split(pattern);
}

async function userIdOf(db: Queryable, username: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    "select id from users where lower(username) = lower($1)",
    [username],
  );
  if (!row) throw new HttpError(404, `from: no user called ${username}`);
  return row.id;
}
