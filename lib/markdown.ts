/**
 * Message Markdown, rendered by markdown-it on the server, which sends each message's HTML with it
 * (the browser then needs no Markdown code): bold, italic, strikethrough, code, links, lists and
 * quotes. Raw HTML is shown as text, and
 * only http(s) and mailto links become links (markdown-it already refuses `javascript:`).
 * `@username` is highlighted as a mention (`lib/mentions.ts`).
 */
// @ts-types="npm:@types/markdown-it@14.1.2"
import MarkdownIt from "markdown-it";
import { mayStartMention, MENTION_AT_START } from "./mentions.ts";

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

markdown.inline.ruler.push("mention", (state, silent) => {
  if (state.src[state.pos] !== "@" || !mayStartMention(state.src, state.pos)) return false;
  const match = MENTION_AT_START.exec(state.src.slice(state.pos, state.pos + 34));
  if (!match) return false;
  if (!silent) state.push("mention", "", 0).content = match[1];
  state.pos += match[0].length;
  return true;
});
markdown.renderer.rules.mention = (tokens, index) =>
  `<span class="mention">@${markdown.utils.escapeHtml(tokens[index].content)}</span>`;

/** The HTML of a message's Markdown, safe to insert into the page. */
export function renderMarkdown(text: string): string {
  return markdown.render(text).trim();
}
