/**
 * An automated accessibility scan (axe-core, WCAG 2 A and AA) of the pages people use most, in
 * both themes: no serious or critical violations.
 */
import assert from "node:assert/strict";
import axe from "axe-core";
import type { Page } from "playwright-core";
import { browserTest, launchBrowser } from "./helpers/browser.ts";
import { openTestDb } from "./helpers/db.ts";
import { startTestServer } from "./helpers/server.ts";

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const found = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const result = await (globalThis as any).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
    });
    return result.violations as Violation[];
  });
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
    );
}

browserTest(
  "the home page, the messenger and the account page pass an accessibility scan",
  async () => {
    await using test = await openTestDb("pglite");
    await using server = await startTestServer({ db: test.db, env: { DEMO_DATA: "true" } });
    await using browser = await launchBrowser();
    for (const scheme of ["light", "dark"] as const) {
      // The scanner is injected as an inline script, which the pages' policy would refuse.
      const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
      const page = await context.newPage();
      const url = (path: string) => new URL(path, server.url).href;
      await page.goto(url("/"));
      const found = [...await violations(page)];
      await page.fill("#field-login", "test");
      await page.fill("#field-password", "test");
      await page.click("button.primary");
      await page.waitForURL(url("/im"));
      await page.locator('.messenger[data-state="open"]').waitFor();
      found.push(...await violations(page));
      await page.click('a.chat-item:has-text("Parley team")');
      await page.locator('.messenger[data-state="open"] .chat-view').waitFor();
      found.push(...await violations(page));
      assert.equal(await page.locator('.messages[aria-live="polite"]').count(), 1);
      // Every control reached by Tab shows where the focus is.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        const ring = await page.evaluate(() => {
          const focused = document.activeElement as HTMLElement;
          const style = getComputedStyle(focused);
          return `${focused.tagName} ${style.outlineStyle} ${style.outlineWidth}`;
        });
        assert.doesNotMatch(ring, / none | 0px$/, `a focus ring on ${ring}`);
      }
      await page.goto(url("/account"));
      found.push(...await violations(page));
      assert.deepEqual(found, [], `${scheme} theme`);
      await context.close();
    }
  },
);
