/**
 * Help articles' Markdown: markdown-it with raw HTML off, as messages are, but with what an article
 * needs: headings, images and links to this site's own pages.
 */
// @ts-types="npm:@types/markdown-it@14.1.2"
import MarkdownIt from "markdown-it";

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** http(s), mailto, and paths of this site ("/account", not "//elsewhere"). */
const SAFE_LINK = /^(https?:|mailto:|\/(?!\/))/i;
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

/** The HTML of an article's Markdown. */
export function renderArticle(text: string): string {
  return markdown.render(text);
}
