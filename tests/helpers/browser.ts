/**
 * A real Chromium for UI tests, driven by playwright-core. Where no Chromium is installed the
 * browser tests are skipped, and say so.
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CANDIDATES = [
  Deno.env.get("CHROMIUM_PATH"),
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

function findChromium(): string | undefined {
  for (const path of CANDIDATES) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not installed here
    }
  }
  return undefined;
}

const executablePath = findChromium();
if (!executablePath) {
  // deno-lint-ignore no-console
  console.warn(
    "%cBrowser tests are SKIPPED: no Chromium found (set CHROMIUM_PATH or install chromium).",
    "color: orange; font-weight: bold",
  );
}

/** Launches a headless Chromium that closes when disposed. */
export async function launchBrowser(): Promise<Browser & AsyncDisposable> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  return Object.assign(browser, { [Symbol.asyncDispose]: () => browser.close() });
}

/** Registers a browser test, skipped (visibly) when there is no Chromium. */
export function browserTest(name: string, fn: () => Promise<void>): void {
  Deno.test({
    name: `browser: ${name}`,
    ignore: !executablePath,
    // playwright keeps its pipe to the browser open between tests of a file.
    sanitizeResources: false,
    sanitizeOps: false,
    fn,
  });
}

/** A visitor of its own, signed in through the home page's form; the page's errors are kept. */
export async function signedInPage(
  browser: Browser,
  base: URL,
  login: string,
  password: string,
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(base.href);
  await page.fill("#field-login", login);
  await page.fill("#field-password", password);
  await page.click("button.primary");
  await page.waitForURL(new URL("/im", base).href);
  return { context, page, errors };
}
