/**
 * Message Markdown, rendered by markdown-it the same way on the server and in the browser:
 * bold, italic, strikethrough, code, links, lists and quotes. Raw HTML is shown as text, and
 * only http(s) and mailto links become links (markdown-it already refuses `javascript:`).
 */
// @ts-types="npm:@types/markdown-it@14.1.2"
import MarkdownIt from "markdown-it";

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false })
  .disable(["table", "heading", "lheading", "hr", "image"]);

const SAFE_LINK = /^(https?:|mailto:)/i;
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

// Links open in a new tab and give the target no handle on this page.
const renderLinkOpen = markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet("target", "_blank");
  tokens[index].attrSet("rel", "noopener noreferrer nofollow");
  return renderLinkOpen(tokens, index, options, env, self);
};

/** The HTML of a message's Markdown, safe to insert into the page. */
export function renderMarkdown(text: string): string {
  return markdown.render(text).trim();
}
