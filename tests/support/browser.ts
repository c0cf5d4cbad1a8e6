import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

/*
 * Browser tests drive the system's Chromium (the Debian package `chromium`) through
 * playwright-core, against the test app's HTTP server. Without Chromium they are skipped with one
 * line saying what to install, unless REQUIRE_SYSTEM_TOOLS=1 (CI), where a missing browser fails.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SCREENSHOT_DIR = path.resolve("test-results/screenshots");

let warned = false;

/**
 * Whether the browser is there. When it is not: throws under REQUIRE_SYSTEM_TOOLS=1, else prints
 * one line (once per file) and returns false so the caller can skip.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `browser tests skipped: ${CHROMIUM_PATH} not found; install the Debian package \`chromium\` (and \`fonts-noto-cjk\` for Chinese glyphs)`;
  if (process.env.REQUIRE_SYSTEM_TOOLS === "1") throw new Error(message);
  if (!warned) {
    warned = true;
    console.warn(message);
  }
  return false;
}

/**
 * Launches Chromium before the file's tests and closes it after them. Use with
 * `describe.skipIf(!browser.available)` and call `browser.get()` inside the tests.
 */
export function browserForFile(): { available: boolean; get: () => Browser } {
  const available = browserAvailable();
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!available) return;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    available,
    get: () => {
      if (!browser) throw new Error("the browser has not started");
      return browser;
    },
  };
}

/** A fresh context (own cookies, own offline switch) and page at the given window size. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1920, height: 1080 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  // Fail at the step that hangs rather than at the test's own time limit.
  page.setDefaultTimeout(8_000);
  return { context, page };
}

/** Saves a full-window screenshot under test-results/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** True when the page has neither a horizontal nor a vertical scroll bar. */
export function hasNoScrollBars(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.documentElement;
    return el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight;
  });
}
