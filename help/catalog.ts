/**
 * The help center's articles: Markdown files in `help/<lang>/`, one per article, named by the
 * article's slug (the same in every language), with front matter giving its title, category and
 * order in the category. Read once at start; a file that breaks these rules stops the start.
 */
import { parse } from "yaml";
import { type Lang, LANGS } from "../i18n/mod.ts";
import { renderArticle } from "./render.ts";

export const CATEGORIES = [
  "getting-started",
  "account-security",
  "chats-groups",
  "files",
  "privacy",
  "troubleshooting",
] as const;
export type Category = typeof CATEGORIES[number];

export interface Article {
  lang: Lang;
  slug: string;
  title: string;
  category: Category;
  order: number;
  /** The Markdown, without its front matter. */
  body: string;
  html: string;
}

/** Every article, by language and slug. */
export class HelpCatalog {
  readonly #articles: Map<string, Article>;
  constructor(articles: Article[]) {
    this.#articles = new Map(articles.map((a) => [`${a.lang}/${a.slug}`, a]));
  }

  /** Article `slug` in `lang`, else in another language; undefined for none. */
  find(lang: Lang, slug: string): Article | undefined {
    return this.#articles.get(`${lang}/${slug}`) ??
      LANGS.map((other) => this.#articles.get(`${other}/${slug}`)).find(Boolean);
  }

  /** The articles of `lang` in `category`, in their order. */
  inCategory(lang: Lang, category: Category): Article[] {
    return this.all().filter((a) => a.lang === lang && a.category === category)
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
  }

  all(): Article[] {
    return [...this.#articles.values()];
  }
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

/** Reads every article under `root` (this folder by default). */
export async function loadHelp(root = new URL("./", import.meta.url)): Promise<HelpCatalog> {
  const articles: Article[] = [];
  for (const lang of LANGS) {
    const dir = new URL(`${lang}/`, root);
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".md")) continue;
      const text = await Deno.readTextFile(new URL(entry.name, dir));
      articles.push(parseArticle(lang, entry.name.slice(0, -3), text));
    }
  }
  return new HelpCatalog(articles);
}

/** One article from its file's text; throws naming the file and what is wrong. */
export function parseArticle(lang: Lang, slug: string, text: string): Article {
  const where = `help/${lang}/${slug}.md`;
  if (!SLUG.test(slug)) throw new Error(`${where}: a file name is lowercase words and hyphens`);
  const found = FRONT_MATTER.exec(text.replace(/\r\n/g, "\n"));
  if (!found) throw new Error(`${where}: no front matter (--- title, category, order ---)`);
  const meta = parse(found[1]) as Record<string, unknown>;
  const { title, category, order } = meta ?? {};
  if (typeof title !== "string" || !title.trim()) throw new Error(`${where}: no title`);
  if (!CATEGORIES.includes(category as Category)) {
    throw new Error(`${where}: category must be one of ${CATEGORIES.join(", ")}`);
  }
  if (typeof order !== "number") throw new Error(`${where}: order must be a number`);
  const body = text.replace(/\r\n/g, "\n").slice(found[0].length).trim();
  return {
    lang,
    slug,
    title: title.trim(),
    category: category as Category,
    order,
    body,
    html: renderArticle(body),
  };
}

let shipped: Promise<HelpCatalog> | undefined;

/** The articles that ship with Parley, read once per process. */
export function shippedHelp(): Promise<HelpCatalog> {
  shipped ??= loadHelp();
  return shipped;
}
