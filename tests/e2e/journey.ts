import fs from "node:fs";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it, vi } from "vitest";
import { mailOutbox } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { zhCN } from "~/locales/zh-CN";
import { createUser } from "~/modules/auth/users.server";
import { LOCALES, type Locale, translator } from "~/modules/i18n/i18n";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { testAppForFile } from "../support/app";
import { browserForFile, SCREENSHOT_DIR, screenshot } from "../support/browser";

/*
 * The whole award in a real browser, from an empty database to a verified certificate, with the
 * clicks and keys people use. Nothing is written to the database in the middle. The organizer sets
 * the notice period to end two minutes ahead, as in the real world; the test then moves the
 * portal's clock past it instead of waiting.
 *
 * It runs once per language, each in its own test file (so the two run side by side, each with its
 * own app and database): the browsers ask for that language (Accept-Language) and every label
 * they look for is that language's. What people type (names, titles) stays Chinese: it is a
 * Chinese award. Every page visited is checked for message keys shown raw, for Chinese on an
 * English page that nobody typed, for text wider than the window or its box at the desktop and at
 * the phone width, and (once per kind of page) with axe-core. At the end the language switch is
 * tried, to the other language and back.
 *
 * On the PGlite project only: it drives the browser for minutes, and what it adds over the HTTP
 * tests (pages, scripts, keyboard, accessibility, languages) does not depend on the database.
 */
const onPglite = process.env.TEST_DB === "pglite";

const PASSWORD = "journey password 2026";
const AXE = path.resolve("node_modules/axe-core/axe.min.js");
const VIDEO = fs.readFileSync(path.resolve("db/seed-assets/demo-video.mp4"));
const IMAGE = placeholderPng(480, 270, [29, 78, 216]);
const DESKTOP = { width: 1280, height: 900 };
/** The phone the third judge scores on. */
const PHONE = { width: 390, height: 844 };

/** A time in China Standard Time as a datetime-local field takes it, `minutes` from now. */
function cst(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/* ---------- the people, and what they type ---------- */

const organizer = { email: "organizer@journey.example.cn", name: "周主办" };
const units = [
  {
    name: "江城市网信办",
    code: withCheckCharacter("11420100MB0000011"),
    contact: "李文",
    phone: "13800000001",
    email: "unit-a@journey.example.cn",
    account: "江城发布",
  },
  {
    name: "江城市公安局",
    code: withCheckCharacter("11420100MB0000022"),
    contact: "王武",
    phone: "13800000002",
    email: "unit-b@journey.example.cn",
    account: "平安江城",
  },
];
const judges = [
  { email: "judge-1@journey.example.cn", name: "陈评审" },
  { email: "judge-2@journey.example.cn", name: "林评审" },
  { email: "judge-3@journey.example.cn", name: "赵评审" },
];
const slug = `journey-${year}`;
const editionName = `${year} 年度江城政务新媒体优秀案例`;
const categories = [
  { code: "TW", name: "优秀图文案例", video: false },
  { code: "SP", name: "优秀短视频", video: true },
];

/** The entries: unit index, category index, title. The second is returned for revision once. */
const entries = [
  { unit: 0, category: 0, title: "江城防汛一线图文直播" },
  { unit: 0, category: 1, title: "江城非遗短视频系列" },
  { unit: 1, category: 1, title: "反诈民警短视频课堂" },
];

/** Everything else people type in, in whichever language the portal speaks to them. */
const typed = {
  organizers: "江城市委网信办",
  description: "面向全市政务新媒体征集年度优秀案例。",
  criteria: [
    { name: "内容质量", descriptor: "主题鲜明，信息准确", max: "60" },
    { name: "传播效果", descriptor: "互动充分，影响广泛", max: "40" },
  ],
  region: "湖北省武汉市",
  summary: "：围绕群众关切，持续发布权威信息。",
  image: "配图1.png",
  video: "短视频.mp4",
  returnReason: "请补充案例的传播数据（点赞、转发）。",
  judgeTitle: "高级编辑",
  judgeAffiliation: "江城日报社",
  recusal: "曾为该单位提供培训",
  comments: ["选题准确，制作精良。", "结构清晰，表达生动。"],
  objector: "张群众",
  objection: "该案例的阅读数据与平台公开数据不一致，请核实。",
  reply: "经核实，数据来自平台后台截图，真实有效。",
  // The tiers the new-category form proposes, kept: the award's own words, as on its certificates.
  tiers: ["一等奖", "二等奖", "三等奖"],
};

/* ---------- language ---------- */

const KEY_PREFIXES = [...new Set(Object.keys(zhCN).map((k) => k.split(".")[0]))];
const KEYS = new Set(Object.keys(zhCN));

/** Words on the page that are message keys rather than messages. */
function missingKeys(text: string): string[] {
  const found = text.match(/\b[a-z]+\.[a-zA-Z.]+\b/g) ?? [];
  // File names the pages mention on purpose (results.csv) are not keys.
  const fileName = /\.(csv|xlsx|pdf|png|mp4|zip)$/;
  return found.filter(
    (w) => KEYS.has(w) || (KEY_PREFIXES.includes(w.split(".")[0] ?? "") && !fileName.test(w)),
  );
}

const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/** Chinese an English page may show: what people typed. */
const CHINESE_DATA = [
  organizer.name,
  ...units.flatMap((u) => [u.name, u.contact, u.account]),
  ...judges.map((j) => j.name),
  editionName,
  ...categories.map((c) => c.name),
  ...entries.map((e) => e.title),
  ...Object.values(typed).flatMap((v) =>
    typeof v === "string" ? [v] : v.flatMap((x) => (typeof x === "string" ? [x] : [x.name, x.descriptor])),
  ),
].sort((a, b) => b.length - a.length);

/**
 * The words a page shows or tells a screen reader, in the page's own language: its text, the
 * title, and labels, titles, alt texts and placeholders. Text marked with another `lang` (the
 * bilingual certificate check, the language switch, the brand's mark) is left out.
 */
function pageWords(page: Page): Promise<{ lang: string; words: string[] }> {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const own = (el: Element) => (el.closest("[lang]")?.getAttribute("lang") ?? lang) === lang;
    // A page whose main text is marked in both languages (the certificate check) may be titled in both.
    const bilingual =
      document.querySelector(`main [lang="${lang}"]`) &&
      document.querySelector(`main [lang]:not([lang="${lang}"])`);
    const words = bilingual ? [] : [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text || el.closest("script, style, noscript, template") || !own(el)) continue;
      words.push(text);
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
      if (!own(el)) continue;
      for (const name of ["aria-label", "title", "alt", "placeholder"]) {
        const value = el.getAttribute(name)?.trim();
        if (value) words.push(value);
      }
    }
    return { lang, words };
  });
}

/** Message keys shown raw, and on an English page Chinese that nobody typed: words left untranslated. */
async function languageProblems(page: Page): Promise<string[]> {
  const { lang, words } = await pageWords(page);
  const problems = missingKeys(words.join("\n")).map((raw) => `raw key ${raw}`);
  if (lang === "en") {
    for (const text of words) {
      let rest = text;
      for (const d of CHINESE_DATA) rest = rest.replaceAll(d, "");
      if (CHINESE.test(rest)) problems.push(`not translated: ${text}`);
    }
  }
  return problems;
}

/**
 * Pages wider than the window (naming the innermost boxes that stick out, outside any box that
 * scrolls or clips on purpose), and boxes whose own text runs out of them.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element) => {
      const cls =
        typeof el.className === "string" && el.className.trim()
          ? `.${el.className.trim().split(/\s+/).join(".")}`
          : "";
      const text = (el as HTMLElement).innerText?.replace(/\s+/g, " ").trim().slice(0, 50) ?? "";
      return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
    };
    const found: string[] = [];
    const root = document.documentElement;
    const width = root.clientWidth;
    const wider = root.scrollWidth - width;
    if (wider > 0) {
      const culprits: Element[] = [];
      const walk = (el: Element): boolean => {
        let childSticksOut = false;
        for (const child of el.children) {
          const r = child.getBoundingClientRect();
          const sticksOut = r.width > 0 && r.right > width + 1;
          const clips = getComputedStyle(child).overflowX !== "visible";
          const inner = clips ? false : walk(child);
          if (sticksOut && !inner) culprits.push(child);
          childSticksOut ||= sticksOut || inner;
        }
        return childSticksOut;
      };
      walk(document.body);
      found.push(`${wider}px wider than the window: ${culprits.slice(0, 3).map(describe).join(" | ")}`);
    }
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest("input, textarea, select, svg, [hidden], .visually-hidden")) continue;
      const style = getComputedStyle(el);
      if (["inline", "none", "contents"].includes(style.display)) continue;
      if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (ownText && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        found.push(`text wider than its box by ${el.scrollWidth - el.clientWidth}px: ${describe(el)}`);
      }
    }
    return found;
  });
}

/** Points for a criterion that differ between entries and judges, inside the criterion's maximum. */
function pointsFor(max: number, seed: number): number {
  return Math.max(1, max - ((seed * 7) % Math.ceil(max / 3)));
}

/* ---------- the journey, in one language ---------- */

type AxeResult = {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
};

type RouterState = {
  navigation: { state: string };
  revalidation: string;
  fetchers: Map<string, { state: string }>;
};

/** A page's path with its ids and tokens replaced, to name the kind of page. */
function shapeOf(url: string): string {
  return new URL(url).pathname
    .replace(/\/\d+(?=\/|$)/g, "/:id")
    .replace(/\/(invite|verify)\/[^/]+/, "/$1/:x");
}

/**
 * The journey's test, for one language: call once at the top of a test file. Screenshots are
 * named journey-<locale>-NN-<step>.
 */
export function describeJourney(locale: Locale): void {
  const testApp = testAppForFile();
  const browser = browserForFile();
  const label = translator(locale);
  const other = LOCALES.find((l) => l !== locale) ?? "en";
  const prefix = `journey-${locale}`;

  let stepNo = 0;
  const a11yProblems: string[] = [];
  const a11yChecked = new Set<string>();
  const pageProblems = new Set<string>();
  let pagesChecked = 0;

  /** Runs a step; a failure names the step and prints what the page showed. */
  async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    stepNo += 1;
    const shot = `${prefix}-${String(stepNo).padStart(2, "0")}-${name}`;
    try {
      await body();
      await screenshot(page, shot);
    } catch (error) {
      const text = await page
        .innerText("body")
        .catch(() => "(no page text)")
        .then((s) => s.slice(0, 4000));
      console.error(
        `${locale} step ${stepNo} (${name}) failed at ${page.url()}\n--- page text ---\n${text}\n---`,
      );
      await screenshot(page, `${shot}-failed`).catch(() => undefined);
      // What the pages so far showed wrong, which the failure would otherwise hide.
      if (pageProblems.size + a11yProblems.length > 0) {
        console.error(`${locale} problems so far:\n${[...pageProblems, ...a11yProblems].join("\n")}`);
      }
      throw error;
    }
  }

  /** axe-core on the page once per route shape and language; serious and critical ones are kept. */
  async function checkA11y(page: Page, lang: string): Promise<void> {
    const shape = shapeOf(page.url());
    if (a11yChecked.has(`${lang} ${shape}`)) return;
    a11yChecked.add(`${lang} ${shape}`);
    await page.addScriptTag({ path: AXE });
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run: (c: Document) => Promise<unknown> } }).axe.run(document),
    )) as AxeResult;
    for (const v of result.violations) {
      if (v.impact !== "serious" && v.impact !== "critical") continue;
      const targets = v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(" "))
        .join(" | ");
      a11yProblems.push(`${lang} ${shape}: [${v.impact}] ${v.id} — ${v.help} — ${targets}`);
    }
  }

  /**
   * Every page the journey sees: no message key shown raw, no Chinese left on an English page but
   * what people typed, nothing wider than the window or its box at the desktop or the phone width;
   * then axe-core.
   */
  async function checkPage(page: Page): Promise<void> {
    pagesChecked += 1;
    const where = shapeOf(page.url());
    const lang = await page.evaluate(() => document.documentElement.lang);
    for (const p of await languageProblems(page)) pageProblems.add(`${lang} ${where}: ${p}`);
    const own = page.viewportSize() ?? DESKTOP;
    for (const viewport of [own, own.width === PHONE.width ? DESKTOP : PHONE]) {
      if (viewport !== own) await page.setViewportSize(viewport);
      for (const o of await overflowing(page))
        pageProblems.add(`${lang} ${where} at ${viewport.width}px: ${o}`);
    }
    await page.setViewportSize(own);
    await checkA11y(page, lang);
  }

  /** Goes to a path of the app, waits for the page's script, checks the page. */
  async function visit(page: Page, pathname: string): Promise<void> {
    await page.goto(testApp().url + pathname, { waitUntil: "networkidle" });
    await checkPage(page);
  }

  /** After a click that navigates: wait until Remix has loaded the new page, then check it. */
  async function settled(page: Page): Promise<void> {
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => {
      const router = (window as unknown as { __remixRouter?: { state: RouterState } }).__remixRouter;
      if (!router) return false;
      const { navigation, revalidation, fetchers } = router.state;
      return (
        navigation.state === "idle" &&
        revalidation === "idle" &&
        [...fetchers.values()].every((f) => f.state === "idle")
      );
    });
    await checkPage(page);
  }

  async function clickAndSettle(page: Page, locator: ReturnType<Page["locator"]>): Promise<void> {
    await locator.click();
    await settled(page);
  }

  async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
    await visit(page, "/login");
    await page.getByLabel(label("login.email"), { exact: true }).fill(email);
    await page.getByLabel(label("login.password"), { exact: true }).fill(password);
    await clickAndSettle(page, page.getByRole("button", { name: label("login.submit"), exact: true }));
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  }

  /**
   * The invitation path in the newest message to this address, as its recipient reads it (the
   * organizer's mail page hides such links: they let the recipient into an account).
   */
  async function invitationPath(to: string): Promise<string> {
    const [row] = await testApp()
      .db.select({ text: mailOutbox.text })
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, to))
      .orderBy(desc(mailOutbox.id))
      .limit(1);
    const match = /\/invite\/[A-Za-z0-9_-]+/.exec(row?.text ?? "");
    if (!match) throw new Error(`no invitation link in the mail to ${to}`);
    return match[0];
  }

  /**
   * A browser window that asks for this run's language, like openPage but axe-core may be added
   * to the page despite the portal's script policy.
   */
  async function newContext(b: Browser, viewport = DESKTOP) {
    const context = await b.newContext({ viewport, locale, timezoneId: "Asia/Shanghai", bypassCSP: true });
    const page = await context.newPage();
    // Longer than openPage's: the journey runs beside the rest of the suite, which slows the server.
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  /* ---------- scoring ---------- */

  /** Mouse and fingers: open the next sheet, fill every criterion, submit. */
  async function scoreWithMouse(page: Page, seed: number): Promise<void> {
    await clickAndSettle(
      page,
      page.getByRole("link", { name: label("judging.scoreNext"), exact: true }).first(),
    );
    // The click may return before the navigation starts: wait for the sheet itself.
    await page.waitForURL(/\/judge\/assignments\/\d+/);
    const inputs = page.locator('input[name^="points."]');
    await inputs.first().waitFor();
    await settled(page);
    const count = await inputs.count();
    const values: string[] = [];
    for (let k = 0; k < count; k++) {
      values.push(String(pointsFor(Number(await inputs.nth(k).getAttribute("max")), seed + k)));
    }
    // Type, then check that the fields hold what was typed before sending, as a careful person would.
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let k = 0; k < count; k++) await inputs.nth(k).fill(values[k] ?? "");
      await page.getByLabel(label("sheet.comment"), { exact: true }).fill(typed.comments[0] ?? "");
      await page.waitForTimeout(200);
      const held = await Promise.all(values.map((_, k) => inputs.nth(k).inputValue()));
      if (held.every((v, k) => v === values[k])) break;
    }
    await clickAndSettle(page, page.getByRole("button", { name: label("sheet.submit"), exact: true }));
    await expect.poll(() => page.locator("main").innerText()).toContain(label("sheet.locked"));
  }

  /** Only the keyboard: Tab to the queue's link, Enter, Tab through the points, Enter on submit. */
  async function scoreWithKeyboard(page: Page, seed: number): Promise<void> {
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    await page.locator("body").focus();
    for (let n = 0; n < 80 && (await focused()) !== label("judging.scoreNext"); n++)
      await page.keyboard.press("Tab");
    expect(await focused()).toBe(label("judging.scoreNext"));
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/judge\/assignments\/\d+/);
    await settled(page);
    const isPoints = () =>
      page.evaluate(
        () => (document.activeElement as HTMLInputElement | null)?.name?.startsWith("points.") ?? false,
      );
    for (let n = 0; n < 80 && !(await isPoints()); n++) await page.keyboard.press("Tab");
    let k = 0;
    while (await isPoints()) {
      const max = Number(await page.evaluate(() => (document.activeElement as HTMLInputElement).max));
      await page.keyboard.type(String(pointsFor(max, seed + k)));
      await page.keyboard.press("Tab");
      k += 1;
    }
    expect(k).toBeGreaterThan(0);
    // Then the comment, then the buttons: draft, submit.
    const name = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? "");
    if ((await name()) === "comment") {
      await page.keyboard.type(typed.comments[1] ?? "");
      await page.keyboard.press("Tab");
    }
    const value = () =>
      page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value ?? "");
    for (let n = 0; n < 5 && (await value()) !== "submit"; n++) await page.keyboard.press("Tab");
    expect(await value()).toBe("submit");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("main").innerText()).toContain(label("sheet.locked"));
  }

  describe.skipIf(!browser.available || !onPglite)(`the whole journey in a browser (${locale})`, () => {
    afterAll(() => {
      vi.useRealTimers();
    });
    it("runs an award from an empty portal to a verified certificate", { timeout: 600_000 }, async () => {
      const started = Date.now();
      // Only this run's steps in the folder, so a stale "-failed" picture cannot mislead.
      for (const f of fs.existsSync(SCREENSHOT_DIR) ? fs.readdirSync(SCREENSHOT_DIR) : []) {
        if (f.startsWith(`${prefix}-`)) fs.rmSync(path.join(SCREENSHOT_DIR, f));
      }
      const app = testApp();
      const b = browser.get();
      // The first organizer, as `npm run user:create` makes it.
      await createUser(app.db, { ...organizer, role: "organizer", password: PASSWORD });

      const contexts: BrowserContext[] = [];
      const open = async (viewport?: { width: number; height: number }) => {
        const o = await newContext(b, viewport);
        contexts.push(o.context);
        return o.page;
      };
      try {
        const org = await open();
        let editionId = "";

        /* 1. The organizer sets up the edition and opens it. */
        await step(org, "organizer-creates-edition", async () => {
          await visit(org, "/");
          await logIn(org, organizer.email);
          await visit(org, "/admin/editions/new");
          await org.getByLabel(label("edition.name"), { exact: true }).fill(editionName);
          await org.getByLabel(label("edition.slug"), { exact: true }).fill(slug);
          await org.getByLabel(label("edition.organizers"), { exact: true }).fill(typed.organizers);
          await org.getByLabel(label("edition.description"), { exact: true }).fill(typed.description);
          await org.getByLabel(label("edition.submissionOpensAt"), { exact: true }).fill(cst(-60));
          await org.getByLabel(label("edition.submissionClosesAt"), { exact: true }).fill(cst(24 * 60));
          await org.getByLabel(label("edition.judgesPerEntry"), { exact: true }).fill("3");
          await clickAndSettle(org, org.getByRole("button", { name: label("edition.create"), exact: true }));
          const id = /\/admin\/editions\/(\d+)/.exec(org.url())?.[1];
          if (!id) throw new Error("no edition page after creating it");
          editionId = id;
        });

        for (const [i, c] of categories.entries()) {
          await step(org, `organizer-adds-category-${i + 1}`, async () => {
            await visit(org, `/admin/editions/${editionId}/categories/new`);
            await org.getByLabel(label("category.code"), { exact: true }).fill(c.code);
            await org.getByLabel(label("category.name"), { exact: true }).fill(c.name);
            if (c.video) await org.getByLabel(label("category.requiresVideo"), { exact: true }).check();
            await org.getByRole("button", { name: label("category.addCriterion"), exact: true }).click();
            await org.getByLabel(label("category.criterionN", { n: 2 }), { exact: true }).waitFor();
            for (const [k, criterion] of typed.criteria.entries()) {
              const n = k + 1;
              await org.getByLabel(label("category.criterionN", { n }), { exact: true }).fill(criterion.name);
              await org
                .getByLabel(label("category.descriptorN", { n }), { exact: true })
                .fill(criterion.descriptor);
              await org.getByLabel(label("category.maxPointsN", { n }), { exact: true }).fill(criterion.max);
            }
            await expect
              .poll(() => org.locator(".rubric-total").textContent())
              .toBe(label("category.rubricTotal", { sum: 100, total: 100 }));
            await clickAndSettle(
              org,
              org.getByRole("button", { name: label("category.create"), exact: true }),
            );
            await expect.poll(() => org.getByRole("link", { name: c.name, exact: true }).count()).toBe(1);
          });
        }

        await step(org, "organizer-opens-edition", async () => {
          await clickAndSettle(
            org,
            org.getByRole("button", {
              name: label("admin.moveTo", { phase: label("phase.open") }),
              exact: true,
            }),
          );
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("phase.open"));
        });

        /* 2. Two units register, are approved, add accounts and enter cases. */
        const unitPages: Page[] = [];
        for (const [i, u] of units.entries()) {
          const page = await open();
          unitPages.push(page);
          await step(page, `unit-${i + 1}-registers`, async () => {
            await visit(page, "/");
            await clickAndSettle(page, page.getByRole("link", { name: label("register.nav"), exact: true }));
            await page.getByLabel(label("unit.name"), { exact: true }).fill(u.name);
            // The first unit mistypes its credit code: the field says so before anything is sent.
            const wrong =
              i === 0 ? `${u.code.slice(0, 16)}${u.code[16] === "1" ? "2" : "1"}${u.code[17]}` : u.code;
            await page.getByLabel(label("unit.creditCode"), { exact: true }).fill(wrong);
            await page.getByLabel(label("unit.creditCode"), { exact: true }).blur();
            if (i === 0) {
              await expect
                .poll(() => page.locator(".field-invalid").first().innerText())
                .toContain(label("unit.creditCode.checkDigit"));
              await screenshot(page, `${prefix}-${String(stepNo).padStart(2, "0")}-credit-code-message`);
              await page.getByLabel(label("unit.creditCode"), { exact: true }).fill(u.code);
            }
            await page.getByLabel(label("unit.regionName"), { exact: true }).fill(typed.region);
            await page.getByLabel(label("unit.level"), { exact: true }).selectOption({ index: 2 });
            await page.getByLabel(label("unit.type"), { exact: true }).selectOption({ index: 1 });
            await page.getByLabel(label("unit.contactName"), { exact: true }).fill(u.contact);
            await page.getByLabel(label("unit.contactPhone"), { exact: true }).fill(u.phone);
            await page.getByLabel(label("unit.contactEmail"), { exact: true }).fill(u.email);
            await page.getByLabel(label("register.password"), { exact: true }).fill(PASSWORD);
            await page.getByLabel(label("register.confirmPassword"), { exact: true }).fill(PASSWORD);
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("register.submit"), exact: true }),
            );
            // The page asks to confirm by mail; the link in the mail confirms and signs in.
            await expect.poll(() => page.locator("main").innerText()).toContain(u.email);
            await visit(page, await invitationPath(u.email));
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("register.confirm.submit"), exact: true }),
            );
            await expect.poll(() => new URL(page.url()).pathname).toBe("/unit");
          });
        }

        await step(org, "organizer-approves-units", async () => {
          for (const u of units) {
            await visit(org, "/admin/units");
            await clickAndSettle(org, org.getByRole("link", { name: u.name, exact: true }));
            await clickAndSettle(org, org.getByRole("button", { name: label("unit.approve"), exact: true }));
            await expect.poll(() => org.locator("h1").innerText()).toContain(label("unit.status.approved"));
          }
        });

        const entryIds: string[] = [];
        for (const [i, u] of units.entries()) {
          const page = unitPages[i] as Page;
          await step(page, `unit-${i + 1}-adds-account`, async () => {
            await visit(page, "/unit/accounts");
            await page.getByLabel(label("account.platform"), { exact: true }).selectOption("weibo");
            await page.getByLabel(label("account.name"), { exact: true }).fill(u.account);
            await page
              .getByLabel(label("account.handle"), { exact: true })
              .fill(`https://weibo.com/u/${7_000_000 + i}`);
            await clickAndSettle(page, page.getByRole("button", { name: label("account.add"), exact: true }));
            await expect.poll(() => page.getByRole("cell", { name: u.account, exact: true }).count()).toBe(1);
          });
        }

        for (const [n, e] of entries.entries()) {
          const page = unitPages[e.unit] as Page;
          const category = categories[e.category] ?? categories[0];
          await step(page, `unit-${e.unit + 1}-enters-${n + 1}`, async () => {
            await visit(page, "/unit/entries");
            await page
              .getByLabel(label("entry.category"), { exact: true })
              .selectOption({ index: e.category });
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("entry.create"), exact: true }),
            );
            const id = /\/unit\/entries\/(\d+)/.exec(page.url())?.[1];
            if (!id) throw new Error("no entry page after creating it");
            entryIds.push(id);
            await page.getByLabel(label("entry.title"), { exact: true }).fill(e.title);
            await page.getByLabel(label("entry.account"), { exact: true }).selectOption({ index: 1 });
            await page.getByLabel(label("entry.platform"), { exact: true }).selectOption("weibo");
            await page
              .getByLabel(label("entry.link"), { exact: true })
              .fill(`https://weibo.com/${7_000_000 + n}/journey${n}`);
            await page.getByLabel(label("entry.publishDate"), { exact: true }).fill(`${year}-06-0${n + 1}`);
            await page.getByLabel(label("entry.summary"), { exact: true }).fill(`${e.title}${typed.summary}`);
            await page
              .getByLabel(label(`entry.metric.reads`), { exact: true })
              .fill(String(10_000 * (n + 1)));
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("entry.saveDraft"), exact: true }),
            );
            const files = [{ name: typed.image, mimeType: "image/png", buffer: IMAGE }];
            if (category?.video) files.push({ name: typed.video, mimeType: "video/mp4", buffer: VIDEO });
            await page.getByLabel(label("entry.addFiles"), { exact: true }).setInputFiles(files);
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("entry.upload"), exact: true }),
            );
            await expect.poll(() => page.locator(".attachment-list li").count()).toBe(files.length);
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("entry.submit"), exact: true }),
            );
            await expect
              .poll(() => page.locator("h1").innerText())
              .toContain(label("entry.status.submitted"));
          });
        }

        await step(org, "organizer-returns-an-entry", async () => {
          await visit(org, `/admin/editions/${editionId}/review`);
          await clickAndSettle(org, org.getByRole("link", { name: entries[2]?.title ?? "", exact: true }));
          await org.getByLabel(label("review.returnReason"), { exact: true }).fill(typed.returnReason);
          await org.getByLabel(label("review.revisionDeadline"), { exact: true }).fill(cst(12 * 60));
          await clickAndSettle(org, org.getByRole("button", { name: label("review.return"), exact: true }));
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("entry.status.returned"));
        });

        await step(unitPages[1] as Page, "unit-2-fixes-the-entry", async () => {
          const page = unitPages[1] as Page;
          await visit(page, "/unit/entries");
          await clickAndSettle(page, page.getByRole("link", { name: entries[2]?.title ?? "", exact: true }));
          await expect.poll(() => page.getByRole("note").innerText()).toContain(typed.returnReason);
          await page.getByLabel(label("entry.metric.likes"), { exact: true }).fill("3200");
          await page.getByLabel(label("entry.metric.shares"), { exact: true }).fill("870");
          await clickAndSettle(page, page.getByRole("button", { name: label("entry.submit"), exact: true }));
          await expect.poll(() => page.locator("h1").innerText()).toContain(label("entry.status.submitted"));
        });

        /* 3. The organizer accepts the entries, invites three judges and assigns. */
        await step(org, "organizer-moves-to-review", async () => {
          await visit(org, `/admin/editions/${editionId}`);
          await clickAndSettle(
            org,
            org.getByRole("button", {
              name: label("admin.moveTo", { phase: label("phase.review") }),
              exact: true,
            }),
          );
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("phase.review"));
        });

        await step(org, "organizer-accepts-entries", async () => {
          for (const e of entries) {
            await visit(org, `/admin/editions/${editionId}/review`);
            await clickAndSettle(org, org.getByRole("link", { name: e.title, exact: true }));
            await clickAndSettle(org, org.getByRole("button", { name: label("review.accept"), exact: true }));
            await expect.poll(() => org.locator("h1").innerText()).toContain(label("entry.status.accepted"));
          }
        });

        const judgePages: Page[] = [];
        for (const [i, j] of judges.entries()) {
          await step(org, `organizer-invites-judge-${i + 1}`, async () => {
            await visit(org, `/admin/editions/${editionId}/judges/invite`);
            await org.getByLabel(label("judge.email"), { exact: true }).fill(j.email);
            await org.getByLabel(label("judge.name"), { exact: true }).fill(j.name);
            await org.getByLabel(label("judge.title"), { exact: true }).fill(typed.judgeTitle);
            await org.getByLabel(label("judge.affiliation"), { exact: true }).fill(typed.judgeAffiliation);
            for (const c of categories) await org.getByLabel(c.name).check();
            await clickAndSettle(org, org.getByRole("button", { name: label("invite.send"), exact: true }));
            await expect.poll(() => org.locator("main").innerText()).toContain(j.email);
          });
          // The third judge scores on a phone.
          const page = await open(i === 2 ? PHONE : undefined);
          judgePages.push(page);
          await step(page, `judge-${i + 1}-accepts`, async () => {
            const invite = await invitationPath(j.email);
            await visit(page, invite);
            await page.getByLabel(label("register.password"), { exact: true }).fill(PASSWORD);
            await page.getByLabel(label("register.confirmPassword"), { exact: true }).fill(PASSWORD);
            await clickAndSettle(
              page,
              page.getByRole("button", { name: label("invite.accept"), exact: true }),
            );
            await expect.poll(() => new URL(page.url()).pathname).toBe("/judge");
          });
        }

        await step(org, "organizer-starts-judging-and-assigns", async () => {
          await visit(org, `/admin/editions/${editionId}`);
          await clickAndSettle(
            org,
            org.getByRole("button", {
              name: label("admin.moveTo", { phase: label("phase.judging") }),
              exact: true,
            }),
          );
          await visit(org, `/admin/editions/${editionId}/assignments`);
          await clickAndSettle(org, org.getByRole("button", { name: label("assign.auto"), exact: true }));
          await expect.poll(() => org.locator("table tbody tr").count()).toBe(entries.length * 3);
        });

        /* 4. A judge declares a conflict; the judges score and submit. */
        await step(judgePages[2] as Page, "judge-3-declares-conflict", async () => {
          const page = judgePages[2] as Page;
          await visit(page, "/judge");
          // Judging has begun, so the conflict is declared on the assignment itself.
          await clickAndSettle(
            page,
            page.getByRole("link", { name: label("judging.scoreNext"), exact: true }).first(),
          );
          await page.getByText(label("conflict.recuseTitle"), { exact: true }).click();
          await page.getByLabel(label("conflict.recuseReason"), { exact: true }).fill(typed.recusal);
          await clickAndSettle(
            page,
            page.getByRole("button", { name: label("conflict.recuse"), exact: true }),
          );
          await page.waitForURL(/\/judge\?recused=1/);
          await expect.poll(() => page.locator("main").innerText()).toContain(label("judging.recused"));
        });

        for (const [i, page] of judgePages.entries()) {
          await step(
            page,
            `judge-${i + 1}-scores${i === 0 ? "-keyboard" : i === 2 ? "-phone" : ""}`,
            async () => {
              await visit(page, "/judge");
              for (let round = 0; round < entries.length + 2; round++) {
                await visit(page, "/judge");
                const next = page
                  .getByRole("link", { name: label("judging.scoreNext"), exact: true })
                  .first();
                if ((await next.count()) === 0) break;
                if (i === 0) await scoreWithKeyboard(page, round);
                else await scoreWithMouse(page, round + i);
              }
              await visit(page, "/judge");
              expect(
                await page.getByRole("link", { name: label("judging.scoreNext"), exact: true }).count(),
              ).toBe(0);
            },
          );
        }

        /* 5. Tally, notice, an objection, the final list, the public pages. */
        await step(org, "organizer-tallies", async () => {
          await visit(org, `/admin/editions/${editionId}/results`);
          await clickAndSettle(
            org,
            org.getByRole("button", { name: label("results.admin.runTally"), exact: true }),
          );
          await expect.poll(() => org.locator("main").innerText()).toContain(entries[0]?.title ?? "");
          await visit(org, `/admin/editions/${editionId}`);
          await clickAndSettle(
            org,
            org.getByRole("button", {
              name: label("admin.moveTo", { phase: label("phase.tallied") }),
              exact: true,
            }),
          );
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("phase.tallied"));
        });

        let noticeEndsAt = "";
        await step(org, "organizer-publishes-notice", async () => {
          // The notice ends two minutes from now: long enough for an objection, short enough to wait.
          await visit(org, `/admin/editions/${editionId}`);
          noticeEndsAt = cst(2);
          await org.getByLabel(label("edition.noticeEndsAt"), { exact: true }).fill(noticeEndsAt);
          await clickAndSettle(org, org.getByRole("button", { name: label("form.save"), exact: true }));
          await visit(org, `/admin/editions/${editionId}/publication`);
          await clickAndSettle(
            org,
            org.getByRole("button", { name: label("results.publish.notice"), exact: true }),
          );
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("phase.notice"));
        });

        const publicPage = await open();
        await step(publicPage, "public-files-objection", async () => {
          await visit(publicPage, `/e/${slug}/notice`);
          await publicPage.getByLabel(label("objection.name"), { exact: true }).fill(typed.objector);
          await publicPage.getByLabel(label("objection.phone"), { exact: true }).fill("13900000009");
          await publicPage.getByLabel(label("objection.entry"), { exact: true }).selectOption({ index: 1 });
          await publicPage.getByLabel(label("objection.reason"), { exact: true }).fill(typed.objection);
          await clickAndSettle(
            publicPage,
            publicPage.getByRole("button", { name: label("objection.submit"), exact: true }),
          );
          await expect.poll(() => publicPage.locator("main").innerText()).toContain(label("objection.sent"));
        });

        await step(org, "organizer-dismisses-objection", async () => {
          await visit(org, `/admin/editions/${editionId}/publication`);
          await org.getByLabel(label("objection.decision.dismiss"), { exact: true }).check();
          await org.getByLabel(label("objection.reply"), { exact: true }).fill(typed.reply);
          await clickAndSettle(
            org,
            org.getByRole("button", { name: label("objection.decide"), exact: true }),
          );
          await clickAndSettle(
            org,
            org.getByRole("link", { name: label("objection.filter.decided"), exact: true }),
          );
          await expect.poll(() => org.locator("main").innerText()).toContain(typed.reply);
        });

        await step(org, "organizer-publishes-final", async () => {
          // The portal runs in this process: instead of waiting for the notice to end, its clock
          // (Date, which every time check of the app reads) moves past the end and goes on ticking.
          const ahead = Date.parse(`${noticeEndsAt}:00+08:00`) - Date.now() + 2_000;
          if (ahead > 0)
            vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, now: Date.now() + ahead });
          await visit(org, `/admin/editions/${editionId}/publication`);
          await clickAndSettle(
            org,
            org.getByRole("button", { name: label("results.publish.final"), exact: true }),
          );
          await expect.poll(() => org.locator("h1").innerText()).toContain(label("phase.published"));
        });

        await step(publicPage, "public-results", async () => {
          await visit(publicPage, `/e/${slug}/results`);
          const text = await publicPage.locator("main").innerText();
          for (const e of entries) expect(text).toContain(e.title);
        });

        await step(publicPage, "ceremony", async () => {
          await visit(publicPage, `/e/${slug}/ceremony`);
          await publicPage.waitForFunction(() => window.location.hash === "#1");
          await expect.poll(() => publicPage.locator("body").innerText()).toContain(editionName);
          await publicPage.keyboard.press("ArrowRight");
          await publicPage.keyboard.press("ArrowRight");
          await publicPage.keyboard.press("ArrowRight");
          await expect
            .poll(() => publicPage.locator(".ceremony-slide:not([hidden])").innerText())
            .toMatch(new RegExp(entries.map((e) => e.title).join("|")));
        });

        /* 6. A certificate, and its verification. */
        let verifyPath = "";
        await step(unitPages[0] as Page, "unit-downloads-certificate", async () => {
          const page = unitPages[0] as Page;
          await visit(page, "/unit");
          await clickAndSettle(
            page,
            page.getByRole("link", { name: label("certificate.listTitle"), exact: true }).first(),
          );
          // The browser shows the PDF rather than saving it; fetch it with the page's own session.
          const href = await page
            .getByRole("link", { name: label("certificate.download"), exact: true })
            .first()
            .getAttribute("href");
          const pdf = await page.context().request.get(testApp().url + (href ?? ""));
          expect(pdf.status()).toBe(200);
          expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
          verifyPath =
            (await page
              .getByRole("link", { name: label("certificate.verifyLink"), exact: true })
              .first()
              .getAttribute("href")) ?? "";
          expect(verifyPath).toMatch(/^\/verify\//);
        });

        await step(publicPage, "verify-certificate", async () => {
          await visit(publicPage, verifyPath);
          await expect.poll(() => publicPage.locator("main").innerText()).toContain(units[0]?.name ?? "");
          expect(await publicPage.locator("main").innerText()).toContain(label("certificate.valid"));
        });

        console.info(
          `${prefix}: ${((Date.now() - started) / 1000).toFixed(1)} s to the verified certificate`,
        );

        /* The language switch: to the other language and back, on the edition's public page. */
        await step(publicPage, "switches-language", async () => {
          const there = translator(other);
          const lang = () => publicPage.evaluate(() => document.documentElement.lang);
          const switchButton = publicPage.locator('form[action="/locale"] button');
          await visit(publicPage, `/e/${slug}`);
          expect(await lang()).toBe(locale);
          await clickAndSettle(publicPage, switchButton);
          expect(await lang()).toBe(other);
          expect(new URL(publicPage.url()).pathname).toBe(`/e/${slug}`);
          expect(await switchButton.innerText()).toBe(there("nav.switchLanguage"));
          expect(await publicPage.getByRole("link", { name: there("nav.login"), exact: true }).count()).toBe(
            1,
          );
          await screenshot(publicPage, `${prefix}-${String(stepNo).padStart(2, "0")}-in-${other}`);
          await clickAndSettle(publicPage, switchButton);
          expect(await lang()).toBe(locale);
          expect(await switchButton.innerText()).toBe(label("nav.switchLanguage"));
          expect(await publicPage.getByRole("link", { name: label("nav.login"), exact: true }).count()).toBe(
            1,
          );
        });

        console.info(`${prefix}: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
        console.info(
          `${prefix}: ${pagesChecked} pages checked for raw keys and overflow, axe-core on ${a11yChecked.size}`,
        );
        const problems = { pages: [...pageProblems], accessibility: a11yProblems };
        expect(
          problems,
          `pages:\n${problems.pages.join("\n")}\naccessibility (serious, critical):\n${a11yProblems.join("\n")}`,
        ).toEqual({ pages: [], accessibility: [] });
      } finally {
        for (const c of contexts) await c.close();
      }
    });
  });
}
