/** The help center: its sections with their articles, or what a search found. Open to everyone. */
import type { Handlers, PageProps } from "../../framework/server.ts";
import { type Article, CATEGORIES } from "../../help/catalog.ts";
import { searchHelp, type SearchHit } from "../../help/search.ts";
import type { State } from "../../lib/state.ts";
import { Head } from "../../framework/runtime.ts";
import { HelpSearch } from "../../components/help/HelpSearch.tsx";

interface Data {
  query: string;
  hits?: SearchHit[];
}

export const handler: Handlers<Data, State> = {
  async GET(req, ctx) {
    const query = (new URL(req.url).searchParams.get("q") ?? "").trim().slice(0, 200);
    const hits = query ? await searchHelp(ctx.state.services.db, query, ctx.state.lang) : undefined;
    return ctx.render({ query, hits });
  },
};

export default function Help({ data, state }: PageProps<Data, State>) {
  const { t, lang } = state;
  const catalog = state.services.help;
  return (
    <section class="help">
      <Head>
        <title>{t("help.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("help.title")}</h1>
      <p class="lead">{t("help.lead")}</p>
      <HelpSearch t={t} query={data.query} />
      {data.hits && (
        <section class="help-results" aria-live="polite">
          <h2>{t("help.results", { query: data.query })}</h2>
          {data.hits.length === 0 ? <p>{t("help.noResults")}</p> : (
            <ol>
              {data.hits.map((hit) => (
                <li key={`${hit.lang}/${hit.slug}`} lang={hit.lang}>
                  <a href={`/help/${hit.slug}`}>{hit.title}</a>
                  <p class="excerpt" dangerouslySetInnerHTML={{ __html: hit.excerpt }} />
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <div class="help-categories">
        {CATEGORIES.map((category) => {
          const articles: Article[] = catalog.inCategory(lang, category);
          if (articles.length === 0) return null;
          return (
            <section key={category} class="help-category" id={category}>
              <h2>{t(`help.category.${category}`)}</h2>
              <ul>
                {articles.map((article) => (
                  <li key={article.slug}>
                    <a href={`/help/${article.slug}`}>{article.title}</a>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      <section class="help-contact">
        <h2>{t("help.contact")}</h2>
        <p>{t("help.contactLead")}</p>
        <p class="actions">
          <a class="button" href="/help/tickets/new">{t("tickets.new")}</a>
          {state.user && <a href="/help/tickets">{t("tickets.title")}</a>}
        </p>
      </section>
    </section>
  );
}
