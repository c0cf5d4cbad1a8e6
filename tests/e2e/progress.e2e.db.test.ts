import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DOMAIN, DEMO_PASSWORD } from "#db/seed";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { zhCN } from "~/locales/zh-CN";
import { type MessageKey, translator } from "~/modules/i18n/i18n";
import { type TestApp, testAppForFile } from "../support/app";
import { browserForFile, openPage, screenshot } from "../support/browser";
import { withPastEditionInJudging } from "../support/results";

/*
 * The progress bars of long work, in the browser: an upload shows bytes sent and the percentage
 * while it goes (the upload is slowed down so there is something to see), then lands where the
 * plain post lands; a refused file shows its message in the form; the tally's bar follows the
 * streamed run; and without scripts both forms still work as plain posts.
 */

const testApp = testAppForFile();
const browser = browserForFile();
const zh = translator("zh-CN");
const label = (key: MessageKey, params?: Record<string, string | number>) => zh(key, params);
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;

beforeAll(async () => {
  app = testApp();
  ctx = await withPastEditionInJudging(app);
});

async function loggedInPage(
  b: Browser,
  local: string,
  options: { javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } =
    options.javaScript === false
      ? await (async () => {
          const c = await b.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
          const p = await c.newPage();
          p.setDefaultTimeout(8_000);
          return { context: c, page: p };
        })()
      : await openPage(b);
  await page.goto(`${app.url}/login`);
  await page.getByLabel(label("login.email"), { exact: true }).fill(`${local}@${DEMO_DOMAIN}`);
  await page.getByLabel(label("login.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: label("login.submit"), exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  return { context, page };
}

/** A draft entry of the unit, made over HTTP; returns its page's path. */
async function draftEntry(local: string): Promise<string> {
  const client = app.client();
  await client.post("/login", { email: `${local}@${DEMO_DOMAIN}`, password: DEMO_PASSWORD });
  const [category] = await app.db.query.categories.findMany({
    where: (c, { eq }) => eq(c.editionId, ctx.demo.edition.id),
    limit: 1,
  });
  const res = await client.post("/unit/entries", { categoryId: String(category?.id) });
  const location = res.headers.get("location");
  if (!location) throw new Error("no entry made");
  return location;
}

/** Records, from now on, every text the page's progress bars and status regions show. */
async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const note = () => {
      for (const bar of document.querySelectorAll("progress")) {
        const text = bar.getAttribute("aria-valuetext");
        if (text && seen.at(-1) !== text) seen.push(text);
      }
      for (const region of document.querySelectorAll(".upload-progress [role=status]")) {
        const text = region.textContent ?? "";
        if (text && seen.at(-1) !== text) seen.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
}

/** A valid PNG followed by padding: the type is read from the first bytes, the size is what counts. */
function bigPng(bytes: number): Buffer {
  const png = placeholderPng(16, 16, [180, 40, 40]);
  return Buffer.concat([Buffer.from(png), Buffer.alloc(bytes - png.length, 7)]);
}

describe.skipIf(!browser.available)("progress bars in the browser", () => {
  it("shows an upload's bytes and percentage while it is sent, then lands on the entry", async () => {
    const path = await draftEntry("unit1");
    const { context, page } = await loggedInPage(browser.get(), "unit1");
    try {
      await page.goto(app.url + path, { waitUntil: "networkidle" });
      const posts: { url: string; type: string }[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST") posts.push({ url: r.url(), type: r.resourceType() });
      });
      // About two seconds of sending at 320 KB/s.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 320 * 1024,
      });
      const seen = await recordProgress(page);
      await page
        .getByLabel(label("entry.addFiles"), { exact: true })
        .setInputFiles([{ name: "长图.png", mimeType: "image/png", buffer: bigPng(640 * 1024) }]);
      await page.getByRole("button", { name: label("entry.upload"), exact: true }).click();

      const bar = page.getByRole("progressbar", { name: label("upload.progress") });
      await bar.waitFor();
      await screenshot(page, "progress-upload");
      await page.waitForURL(/\?uploaded=1$/);
      await expect.poll(() => page.locator(".attachment-list li").count()).toBe(1);
      expect(await page.locator(".attachment-list").innerText()).toContain("长图.png");

      const texts = await seen();
      const sending = texts.filter((t) => /^已上传 .+ \/ 640 KB（\d+%）$/.test(t));
      // The bar moved: more than one reading, the percentages growing, short of 100 % at first.
      expect(sending.length, texts.join(" | ")).toBeGreaterThan(1);
      const percents = sending.map((t) => Number(/（(\d+)%）/.exec(t)?.[1]));
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents[0]).toBeLessThan(100);
      expect(texts).toContain(label("upload.processing"));
      // One post, sent by script to the action's data address (not a page load).
      expect(posts).toEqual([{ url: `${app.url}${path}.data`, type: "xhr" }]);
      // Done: the bar and the message are gone.
      expect(await page.locator(".upload-progress progress").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("shows a refused file's message in the form, as the plain post does", async () => {
    const path = await draftEntry("unit2");
    const { context, page } = await loggedInPage(browser.get(), "unit2");
    try {
      await page.goto(app.url + path, { waitUntil: "networkidle" });
      await page
        .getByLabel(label("entry.addFiles"), { exact: true })
        .setInputFiles([
          { name: "短片.mp4", mimeType: "video/mp4", buffer: Buffer.from("this is no video") },
        ]);
      await page.getByRole("button", { name: label("entry.upload"), exact: true }).click();
      await expect.poll(() => page.locator("#file-error").innerText()).toContain(label("upload.unknownType"));
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.locator(".attachment-list li").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("without scripts, the upload is the plain post it always was", async () => {
    const path = await draftEntry("unit3");
    const { context, page } = await loggedInPage(browser.get(), "unit3", { javaScript: false });
    try {
      await page.goto(app.url + path);
      await page
        .getByLabel(label("entry.addFiles"), { exact: true })
        .setInputFiles([{ name: "海报.png", mimeType: "image/png", buffer: bigPng(40 * 1024) }]);
      await page.getByRole("button", { name: label("entry.upload"), exact: true }).click();
      await page.waitForURL(/\?uploaded=1$/);
      expect(await page.locator(".attachment-list").innerText()).toContain("海报.png");
    } finally {
      await context.close();
    }
  });

  it("follows the streamed tally with its bar, then shows the results and the message", async () => {
    const { context, page } = await loggedInPage(browser.get(), "organizer");
    const results = `/admin/editions/${ctx.past.id}/results`;
    try {
      await page.goto(app.url + results, { waitUntil: "networkidle" });
      expect(await page.locator("main").innerText()).toContain(label("results.admin.notRun"));
      const seen = await recordProgress(page);
      await page.getByRole("button", { name: label("results.admin.runTally"), exact: true }).click();
      await expect.poll(() => page.locator(".toast-region").innerText()).toContain(zhCN["toast.tallyDone"]);
      await expect.poll(() => page.locator("main").innerText()).toContain("最近一次计分");
      const texts = await seen();
      // The bar showed the run's phases with their counts, in order.
      const phases = texts.map((t) =>
        t.startsWith("读取")
          ? "load"
          : t.startsWith("逐类别")
            ? "compute"
            : t.startsWith("写入")
              ? "write"
              : t,
      );
      const order = ["load", "compute", "write"];
      expect(phases.length, texts.join(" | ")).toBeGreaterThan(1);
      expect(
        phases.every((p) => order.includes(p)),
        texts.join(" | "),
      ).toBe(true);
      expect(phases).toEqual([...phases].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
      expect(texts.at(-1)).toMatch(/^写入结果：(\d+) \/ \1 条$/);
      expect(await page.getByRole("progressbar").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("without scripts, the tally is the plain post, with the same message", async () => {
    const { context, page } = await loggedInPage(browser.get(), "organizer", { javaScript: false });
    try {
      await page.goto(`${app.url}/admin/editions/${ctx.past.id}/results`);
      await page.getByRole("button", { name: label("results.admin.runTally"), exact: true }).click();
      await page.waitForLoadState();
      expect(await page.locator(".toast-region").innerText()).toContain(zhCN["toast.tallyDone"]);
    } finally {
      await context.close();
    }
  });
});
