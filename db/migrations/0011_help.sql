-- The help center's articles, copied from help/<lang>/*.md at every start for full-text search in
-- their own language, and the "was this helpful?" votes on them.
create table help_articles (
  lang text not null check (lang in ('en', 'ru')),
  slug text not null,
  title text not null,
  category text not null,
  body text not null,
  search tsvector generated always as (
    setweight(to_tsvector(case lang when 'ru' then 'russian'::regconfig else 'english'::regconfig end,
      title), 'A') ||
    to_tsvector(case lang when 'ru' then 'russian'::regconfig else 'english'::regconfig end, body)
  ) stored,
  primary key (lang, slug)
);
create index help_articles_search_idx on help_articles using gin (search);

-- One vote per voter and article (in any language), which they may change: a user, or a visitor
-- known by a hash of their cookie.
create table help_votes (
  slug text not null,
  voter text not null,
  helpful boolean not null,
  voted_at timestamptz not null default now(),
  primary key (slug, voter)
);
