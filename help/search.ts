/**
 * Searching the help center: the articles are copied into the database at start, where
 * PostgreSQL's full-text search finds words in their inflections ("включить" finds "включите"),
 * each language with its own stemmer; a word being typed matches as a prefix.
 */
import type { Db, Queryable } from "../db/mod.ts";
import type { Lang } from "../i18n/mod.ts";
import { htmlToText } from "../lib/html_text.ts";
import type { HelpCatalog } from "./catalog.ts";
import { MARK_START, MARK_STOP, prefixQuery } from "../lib/search_words.ts";

export interface SearchHit {
  lang: Lang;
  slug: string;
  title: string;
  /** Words around the match, with the matched ones in <mark>; safe HTML. */
  excerpt: string;
}

/** Makes the database's copy of the articles match `catalog`. */
export async function syncHelp(db: Db, catalog: HelpCatalog): Promise<void> {
  const articles = catalog.all();
  await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('parley:help'))");
    await tx.query(
      `delete from help_articles where not (lang || '/' || slug = any($1::text[]))`,
      [articles.map((a) => `${a.lang}/${a.slug}`)],
    );
    for (const a of articles) {
      await tx.query(
        `insert into help_articles (lang, slug, title, category, body) values ($1, $2, $3, $4, $5)
         on conflict (lang, slug) do update set title = excluded.title,
           category = excluded.category, body = excluded.body
         where (help_articles.title, help_articles.category, help_articles.body)
           is distinct from (excluded.title, excluded.category, excluded.body)`,
        // The words as read, not the Markdown: no link targets or markup are searched or quoted.
        [a.lang, a.slug, a.title, a.category, htmlToText(a.html)],
      );
    }
  });
}

/** Articles matching `text`, in `lang` first, best first; at most `limit`. */
export async function searchHelp(
  db: Queryable,
  text: string,
  lang: Lang,
  limit = 20,
): Promise<SearchHit[]> {
  const query = prefixQuery(text);
  if (!query) return [];
  const rows = await db.query<SearchHit>(
    `with q as (
       select a.lang, a.slug, a.title, a.body, a.search,
         to_tsquery(case a.lang when 'ru' then 'russian'::regconfig else 'english'::regconfig end,
           $1) as query
       from help_articles a
     )
     select lang, slug, title,
       ts_headline(case lang when 'ru' then 'russian'::regconfig else 'english'::regconfig end,
         body, query, $4) as excerpt
     from q where search @@ query
     order by (lang = $2) desc, ts_rank(search, query) desc, title
     limit $3`,
    [query, lang, limit, `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=30, MinWords=12`],
  );
  return rows.map((row) => ({ ...row, excerpt: marked(row.excerpt) }));
}

/** The excerpt as HTML: its text escaped, its marks made <mark>. */
function marked(excerpt: string): string {
  return excerpt.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replaceAll(MARK_START, "<mark>").replaceAll(MARK_STOP, "</mark>");
}
