import { and, eq, gt, sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { awards as awardsTable, editions } from "#db/schema";
import { latestPublication, publicationAwards } from "~/modules/results/publish.server";
import { testAppForFile } from "../support/app";
import { browserForFile, hasNoScrollBars, openPage, screenshot } from "../support/browser";
import { withDemo } from "../support/demo";

/*
 * The ceremony screen in a real browser at the projector's 1920×1080: the presenter's keys reveal
 * the winners one by one, nothing scrolls, and once loaded it keeps working without the network.
 */
const testApp = testAppForFile();
const browser = browserForFile();

let slug = "";
let finalId = 0;
let firstTier: { tierName: string; names: string[] } = { tierName: "", names: [] };

beforeAll(async () => {
  const app = testApp();
  const demo = await withDemo(app);
  const [past] = await app.db
    .select()
    .from(editions)
    .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
  if (!past) throw new Error("no past demo edition");
  slug = past.slug;
  const final = await latestPublication(past.id, "final");
  if (!final) throw new Error("the demo's past edition is published at seed");
  finalId = final.id;
  const awards = await publicationAwards(final.id);
  const first = awards[0];
  if (!first) throw new Error("no awards");
  const sameTier = awards.filter((a) => a.categoryId === first.categoryId && a.tierId === first.tierId);
  firstTier = {
    tierName: first.tierName,
    names: sameTier.map((a) =>
      a.categoryKind === "account" && a.accountName ? a.accountName : a.entryTitle,
    ),
  };
});

const shown = ".ceremony-slide:not([hidden])";

function current(page: Page) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    return {
      step: Number(el?.getAttribute("data-step")),
      kind: el?.className.replace(/.*ceremony-slide--/, "") ?? "",
      hash: window.location.hash,
    };
  }, shown);
}

/** The winners' names a spectator can see right now. */
function visibleWinners(page: Page) {
  return page.evaluate((selector) => {
    const names = document.querySelectorAll<HTMLElement>(`${selector} .ceremony-winner-name`);
    return [...names]
      .filter((n) => getComputedStyle(n).visibility === "visible")
      .map((n) => n.textContent ?? "");
  }, shown);
}

describe.skipIf(!browser.available)("the ceremony screen in a browser", () => {
  it("reveals the winners step by step from the keys, without scroll bars, also offline", {
    timeout: 90_000,
  }, async () => {
    const { context, page } = await openPage(browser.get());
    const requests: string[] = [];
    try {
      await page.goto(`${testApp().url}/e/${slug}/ceremony`, { waitUntil: "networkidle" });
      // Hydrated: the page writes the first step into the address.
      await page.waitForFunction(() => window.location.hash === "#1");

      const title = page.locator(`${shown} .ceremony-title`);
      await expect.poll(() => title.textContent()).toContain("2025");
      expect(await title.isVisible()).toBe(true);
      expect(await hasNoScrollBars(page)).toBe(true);
      const titleSize = await title.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(titleSize).toBeGreaterThanOrEqual(80);
      await page.waitForTimeout(700);
      await screenshot(page, "ceremony-title");

      // A reload keeps the place.
      await page.keyboard.press("ArrowRight");
      expect(await current(page)).toMatchObject({ step: 1, kind: "category", hash: "#2" });
      await page.reload({ waitUntil: "networkidle" });
      await expect.poll(async () => (await current(page)).step).toBe(1);

      // From here on the hall's network is gone: everything must already be in the page.
      page.on("request", (r) => requests.push(r.url()));
      await context.setOffline(true);

      await page.keyboard.press("PageDown");
      expect(await current(page)).toMatchObject({ step: 2, kind: "tier", hash: "#3" });
      expect(await page.locator(`${shown} .ceremony-tier`).textContent()).toContain(firstTier.tierName);
      expect(await visibleWinners(page)).toEqual([]);

      const onSlide = Math.min(firstTier.names.length, 5);
      const keys = ["Space", "ArrowRight", "PageDown"];
      for (let i = 1; i <= onSlide; i++) {
        await page.keyboard.press(keys[(i - 1) % keys.length] ?? "ArrowRight");
        await expect.poll(() => visibleWinners(page)).toEqual(firstTier.names.slice(0, i));
        expect(await hasNoScrollBars(page)).toBe(true);
      }
      const nameSize = await page
        .locator(`${shown} .ceremony-winner-name`)
        .first()
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(nameSize).toBeGreaterThanOrEqual(56);
      await page.waitForTimeout(800);
      await screenshot(page, "ceremony-winners");

      // Back one step hides the last winner again.
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => visibleWinners(page)).toEqual(firstTier.names.slice(0, onSlide - 1));
      await page.keyboard.press("PageUp");

      // End: the closing slide; Home: the title again. No scroll bars on any slide.
      await page.keyboard.press("End");
      expect((await current(page)).kind).toBe("closing");
      expect(await hasNoScrollBars(page)).toBe(true);
      await page.waitForTimeout(700);
      await screenshot(page, "ceremony-closing");
      await page.keyboard.press("Home");
      expect(await current(page)).toMatchObject({ step: 0, kind: "title", hash: "#1" });

      // Walk every step: each fits the window. The fullest slide of winners is kept as a picture.
      const total = await page.locator(".ceremony-slide").count();
      expect(total).toBeGreaterThan(3);
      let most = 0;
      for (;;) {
        expect(await hasNoScrollBars(page)).toBe(true);
        const visible = (await visibleWinners(page)).length;
        if (visible > most) {
          most = visible;
          await page.waitForTimeout(800);
          await screenshot(page, "ceremony-winners-most");
        }
        const before = (await current(page)).step;
        await page.keyboard.press("ArrowRight");
        if ((await current(page)).step === before) break;
      }
      expect((await current(page)).kind).toBe("closing");

      // F asks for full screen (a key press counts as the user's gesture).
      await page.keyboard.press("Home");
      await page.keyboard.press("f");
      await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);

      expect(requests, "requests after the page had loaded").toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("fits a tier of five winners with very long names on one screen", { timeout: 60_000 }, async () => {
    // Four more winners in the first tier of the published list, with names far longer than usual.
    const app = testApp();
    const [first] = await publicationAwards(finalId);
    if (!first) throw new Error("no awards");
    await app.db
      .update(awardsTable)
      .set({ position: sql`${awardsTable.position} + 10` })
      .where(and(eq(awardsTable.publicationId, finalId), gt(awardsTable.position, 1)));
    const long = "全省政务新媒体矩阵协同发布重大突发公共事件权威信息全流程机制创新实践";
    const { id: _id, ...rest } = first;
    await app.db.insert(awardsTable).values(
      [2, 3, 4, 5].map((n) => ({
        ...rest,
        position: n,
        entryTitle: `${long}（第${n}例）`,
        accountName: `${long}（第${n}例）`,
        unitName: `某某省某某市某某区人民政府新闻办公室与融媒体中心联合报送单位${n}`,
      })),
    );

    const { context, page } = await openPage(browser.get());
    try {
      await page.goto(`${testApp().url}/e/${slug}/ceremony#8`, { waitUntil: "networkidle" });
      await page.waitForFunction(() => window.location.hash === "#8");
      expect(await current(page)).toMatchObject({ kind: "tier" });
      expect(await visibleWinners(page)).toHaveLength(5);
      expect(await hasNoScrollBars(page)).toBe(true);
      // The whole slide fits inside its frame: nothing cut off.
      const fits = await page.evaluate((selector) => {
        const el = document.querySelector(selector) as HTMLElement;
        return el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1;
      }, shown);
      expect(fits).toBe(true);
      await page.waitForTimeout(800);
      await screenshot(page, "ceremony-winners-long");
    } finally {
      await context.close();
    }
  });
});
