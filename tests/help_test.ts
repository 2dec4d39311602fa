/**
 * The help center: its articles (complete in both languages, links that lead somewhere), pages
 * open to everyone, search with inflections in each language, and votes counted once per reader.
 */
import assert from "node:assert/strict";
import { CATEGORIES, loadHelp, parseArticle } from "../help/catalog.ts";
import { LANGS } from "../i18n/mod.ts";
import { serverTest } from "./helpers/server.ts";
import { registerThroughForm, WebClient } from "./helpers/web_client.ts";

Deno.test("every article is written in both languages, at least 12 each, in every section", async () => {
  const catalog = await loadHelp();
  const slugs = (lang: string) =>
    catalog.all().filter((a) => a.lang === lang).map((a) => a.slug).sort();
  assert.ok(slugs("en").length >= 12, `${slugs("en").length} English articles`);
  assert.deepEqual(slugs("ru"), slugs("en"), "the same articles in Russian");
  for (const lang of LANGS) {
    for (const category of CATEGORIES) {
      assert.ok(catalog.inCategory(lang, category).length > 0, `${lang}: ${category}`);
    }
  }
});

Deno.test("every link in an article leads to an article or a page that exists", async () => {
  const catalog = await loadHelp();
  const pages = new Set([
    "/account",
    "/recover",
    "/register",
    "/im",
    "/help",
    "/help/tickets",
    "/help/tickets/new",
  ]);
  for (const article of catalog.all()) {
    for (const [, href] of article.html.matchAll(/href="([^"]+)"/g)) {
      if (/^https?:|^mailto:/.test(href)) continue;
      const path = href.split("#")[0];
      const slug = path.match(/^\/help\/([a-z0-9-]+)$/)?.[1];
      assert.ok(
        pages.has(path) ||
          (slug !== undefined && catalog.find(article.lang, slug)?.lang === article.lang),
        `${article.lang}/${article.slug} links to ${href}`,
      );
    }
  }
});

Deno.test("an article without a known category, or with a bad name, is refused", () => {
  assert.throws(
    () => parseArticle("en", "x", "---\ntitle: X\ncategory: nonsense\norder: 1\n---\nText"),
    /help\/en\/x\.md: category must be one of/,
  );
  assert.throws(() => parseArticle("en", "Bad_Name", "---\n---\n"), /lowercase words/);
  const article = parseArticle(
    "en",
    "ok",
    "---\ntitle: OK\ncategory: files\norder: 2\n---\n[away](javascript:alert(1)) <b>x</b>",
  );
  assert.doesNotMatch(article.html, /href="javascript|<b>/, "the same safe Markdown");
});

serverTest(
  "the help center opens without signing in, in the visitor's language",
  async (server) => {
    const visitor = new WebClient(server.url);
    const index = await visitor.fetch("/help");
    assert.equal(index.status, 200);
    const html = await index.text();
    assert.match(html, /<h2>Account and security<\/h2>/);
    assert.match(html, /href="\/help\/two-factor">Two-factor sign-in</);
    const ru = new WebClient(server.url, { "accept-language": "ru-RU,ru" });
    assert.match(await ru.page("/help"), /href="\/help\/two-factor">Двухфакторный вход</);
    const article = await ru.page("/help/two-factor");
    assert.match(article, /<h1>Двухфакторный вход<\/h1>/);
    assert.match(article, /Статья помогла\?/);
    assert.equal((await visitor.fetch("/help/no-such-article")).status, 404);
    assert.match(await visitor.page("/help"), /href="\/help">Help</, "the header links here");
  },
);

serverTest(
  "search finds words in their inflections, in both languages, your language first",
  async (server) => {
    const visitor = new WebClient(server.url);
    const ru = new WebClient(server.url, { "accept-language": "ru" });
    // What the search found, without the sections listed below it.
    const search = async (q: string, client = visitor) => {
      const html = await client.page(`/help?q=${encodeURIComponent(q)}`);
      const start = html.indexOf('class="help-results"');
      assert.ok(start > 0, `results for ${q}`);
      return html.slice(start, html.indexOf('class="help-categories"'));
    };
    const english = await search("authenticator apps");
    assert.match(english, /<a href="\/help\/two-factor">Two-factor sign-in<\/a>/);
    assert.match(english, /<mark>authenticator<\/mark> <mark>app/i);
    // "заблокированного" is in no article; "заблокировать", "заблокировали" are.
    const inflected = await search("заблокированного", ru);
    assert.match(inflected, /href="\/help\/contacts-blocking">Контакты и блокировка</);
    // A word being typed: the start of "аутентификатора", of "sessions".
    assert.match(await search("аутентиф", ru), /href="\/help\/two-factor">Двухфакторный вход</);
    assert.match(await search("sessio"), /href="\/help\/sessions">/);
    const both = await search("Parley", ru);
    assert.ok(both.includes('lang="en"'), "English articles are found too");
    assert.ok(both.lastIndexOf('lang="ru"') < both.indexOf('lang="en"'), "Russian ones first");
    const syntax = await visitor.fetch(`/help?q=${encodeURIComponent("a:* | !(b & <c>')--")}`);
    assert.equal(syntax.status, 200, "what a visitor types is words, never query syntax");
    assert.doesNotMatch(await syntax.text(), /<c>/, "and is shown escaped");
    assert.match(await search("zzqqxx"), /Nothing found/);
  },
);

serverTest("votes: once per reader, changeable, counted per article, throttled", async (server) => {
  const visitor = new WebClient(server.url);
  const page = "/help/sessions";
  const voted = await visitor.post(page, { helpful: "yes" }, page);
  assert.equal(voted.status, 303);
  assert.equal(voted.headers.get("location"), `${page}?thanks#helpful`);
  assert.match(await visitor.page(`${page}?thanks`), /1 of 1 found this helpful/);
  await visitor.post(page, { helpful: "no" }, page);
  assert.match(await visitor.page(page), /0 of 1 found this helpful/, "changed, not added");
  const member = new WebClient(server.url);
  await registerThroughForm(member, "reader");
  await member.post(page, { helpful: "yes" }, page);
  assert.match(await member.page(page), /1 of 2 found this helpful/);
  assert.match(await visitor.page("/help/storage"), /Was this helpful/, "another article: none");
  const forged = await visitor.fetch(page, {
    method: "POST",
    body: new URLSearchParams({ helpful: "yes" }),
  });
  assert.equal(forged.status, 403, "no vote without the form's token");
  const odd = await visitor.post(page, { helpful: "maybe" }, page);
  assert.equal(odd.status, 422);

  // The address has used 3 of its 60; 70 more at once, each from a fresh visitor.
  const answers = await Promise.all(
    Array.from({ length: 70 }, async () => {
      const stranger = new WebClient(server.url);
      const csrf = await stranger.csrf(page);
      const response = await stranger.fetch(page, {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrf, helpful: "yes" }),
      });
      await response.body?.cancel();
      return response.status;
    }),
  );
  assert.equal(answers.filter((s) => s === 303).length, 57);
  assert.equal(answers.filter((s) => s === 429).length, 13);
  assert.match(await visitor.page(page), /58 of 59 found this helpful/);
});
