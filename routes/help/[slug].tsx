/**
 * One help article, in the reader's language where it is written in it, with "was this helpful?"
 * below. Anyone may read and vote; a vote is counted once per reader (their account, or a visitor's
 * cookie) and may be changed.
 */
import { parseCookie } from "cookie";
import { AccountError } from "../../accounts/errors.ts";
import { Head } from "../../framework/runtime.ts";
import { type Handlers, HttpError, type PageProps } from "../../framework/server.ts";
import type { Article } from "../../help/catalog.ts";
import { vote, type VoteCounts, voteCounts } from "../../help/votes.ts";
import { sha256Hex } from "../../lib/crypto.ts";
import { ANON_COOKIE } from "../../lib/csrf.ts";
import { field, readForm, refused, seeOther } from "../../lib/forms.ts";
import type { State } from "../../lib/state.ts";
import { Csrf, errorText, FormAlert } from "../../components/Form.tsx";
import { HelpSearch } from "../../components/help/HelpSearch.tsx";

interface Data {
  article: Article;
  counts: VoteCounts;
  thanks?: boolean;
  error?: AccountError;
}

function articleOf(ctx: { params: Record<string, string>; state: State }): Article {
  const article = ctx.state.services.help.find(ctx.state.lang, ctx.params.slug);
  if (!article) throw new HttpError(404, "No such article");
  return article;
}

/** Who votes: the account, or the visitor's own cookie, hashed. */
async function voterOf(req: Request, state: State): Promise<string> {
  if (state.user) return `user:${state.user.id}`;
  const anon = parseCookie(req.headers.get("cookie") ?? "")[ANON_COOKIE];
  if (!anon) throw new AccountError(403, "csrf");
  return `anon:${await sha256Hex(anon)}`;
}

export const handler: Handlers<Data, State> = {
  async GET(req, ctx) {
    const article = articleOf(ctx);
    const thanks = new URL(req.url).searchParams.has("thanks");
    return ctx.render({
      article,
      counts: await voteCounts(ctx.state.services.db, article.slug),
      thanks,
    });
  },
  async POST(req, ctx) {
    const article = articleOf(ctx);
    const { db, accounts } = ctx.state.services;
    try {
      const form = await readForm(req, ctx);
      const answer = field(form, "helpful");
      if (answer !== "yes" && answer !== "no") throw new AccountError(422, "field.invalid");
      await accounts.throttle.takeOrRefuse([{ kind: "helpVoteIp", id: ctx.state.clientIp }]);
      await vote(db, article.slug, await voterOf(req, ctx.state), answer === "yes");
      return seeOther(`/help/${article.slug}?thanks#helpful`);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const counts = await voteCounts(db, article.slug);
      return ctx.render({ article, counts, error }, refused(error));
    }
  },
};

export default function HelpArticle({ data, state }: PageProps<Data, State>) {
  const { t } = state;
  const { article, counts } = data;
  return (
    <section class="help">
      <Head>
        <title>{article.title} — {t("help.title")}</title>
      </Head>
      <nav class="breadcrumbs" aria-label={t("help.title")}>
        <a href="/help">{t("help.title")}</a> ›{" "}
        <a href={`/help#${article.category}`}>{t(`help.category.${article.category}`)}</a>
      </nav>
      <HelpSearch t={t} />
      <article class="help-article" lang={article.lang}>
        {article.lang !== state.lang && <p class="hint">{t("help.otherLanguage")}</p>}
        <h1>{article.title}</h1>
        <div dangerouslySetInnerHTML={{ __html: article.html }} />
      </article>
      <form method="post" class="helpful" id="helpful">
        <Csrf token={state.csrf} />
        {data.thanks ? <p role="status">{t("help.thanks")}</p> : (
          <>
            <span>{t("help.helpful")}</span>
            <button type="submit" name="helpful" value="yes">{t("help.yes")}</button>
            <button type="submit" name="helpful" value="no">{t("help.no")}</button>
          </>
        )}
        {data.error && <FormAlert>{errorText(t, data.error)}</FormAlert>}
        {counts.total > 0 && (
          <p class="hint">{t("help.counts", { helpful: counts.helpful, total: counts.total })}</p>
        )}
      </form>
    </section>
  );
}
