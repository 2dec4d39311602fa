import assert from "node:assert/strict";
import { htmlToText } from "./html_text.ts";
import { renderMarkdown } from "./markdown.ts";

Deno.test("message Markdown: the formatting people use", () => {
  assert.equal(
    renderMarkdown("**bold** *italic* ~~gone~~ `code`"),
    "<p><strong>bold</strong> <em>italic</em> <s>gone</s> <code>code</code></p>",
  );
  assert.match(renderMarkdown("- one\n- two"), /<ul>\n<li>one<\/li>\n<li>two<\/li>\n<\/ul>/);
  assert.match(renderMarkdown("1. first"), /<ol>/);
  assert.match(renderMarkdown("> quoted"), /<blockquote>/);
  assert.match(renderMarkdown("```\nlet x = 1;\n```"), /<pre><code>let x = 1;\n<\/code><\/pre>/);
  assert.equal(
    renderMarkdown("[site](https://example.org)"),
    '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow">site</a></p>',
  );
  assert.match(renderMarkdown("see https://example.org"), /<a href="https:\/\/example.org"/);
  assert.equal(renderMarkdown("line one\nline two"), "<p>line one<br>\nline two</p>");
});

Deno.test("message Markdown: nothing a sender writes becomes live script", () => {
  const attacks = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<svg onload=alert(1)>",
  ];
  const allowed = new Set([
    "p",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "br",
  ]);
  for (const attack of attacks) {
    const html = renderMarkdown(attack);
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
    assert.ok(tags.every((tag) => allowed.has(tag)), `${attack} → ${html}`);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(links.every((href) => /^(https?:|mailto:)/.test(href)), `${attack} → ${html}`);
  }
  assert.equal(
    renderMarkdown("<b>hi</b>"),
    "<p>&lt;b&gt;hi&lt;/b&gt;</p>",
    "raw HTML is shown as text",
  );
  assert.equal(renderMarkdown("&lt;b&gt;"), "<p>&lt;b&gt;</p>", "entities stay text");
});

Deno.test("message Markdown: links only to http, https and mailto, never to this site or others", () => {
  const refused = [
    "[x](/logout)",
    "[x](//evil.example/)",
    "[x](data:image/png;base64,iVBORw0KGgo=)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "[x](ftp://files.example/)",
    "[x](?a=1)",
    "[x](#top)",
    "[x](im/2)",
  ];
  for (const source of refused) {
    assert.doesNotMatch(renderMarkdown(source), /<a /, source);
  }
  for (
    const source of [
      "[x](https://example.org/a)",
      "[x](http://example.org)",
      "[x](mailto:a@b.example)",
    ]
  ) {
    assert.match(renderMarkdown(source), /<a href="(https?|mailto):/, source);
  }
});

Deno.test("a mention is highlighted; an address is not a mention", () => {
  assert.equal(
    renderMarkdown("hi @ann_b. and @Bo, mail ann@example.com"),
    '<p>hi <span class="mention">@ann_b</span>. and @Bo, mail <a href="mailto:ann@example.com" target="_blank" rel="noopener noreferrer nofollow">ann@example.com</a></p>',
  );
  assert.equal(renderMarkdown("`@ann`"), "<p><code>@ann</code></p>");
  assert.equal(
    renderMarkdown("**@ann**<script>"),
    '<p><strong><span class="mention">@ann</span></strong>&lt;script&gt;</p>',
  );
});

Deno.test("a preview is the message's words, without Markdown, on one line", () => {
  const preview = (text: string) => htmlToText(renderMarkdown(text));
  assert.equal(preview("**Bold** and `code`\n> quoted &amp; <b>"), "Bold and code quoted & <b>");
  assert.equal(preview("- one\n- two"), "one two");
});
