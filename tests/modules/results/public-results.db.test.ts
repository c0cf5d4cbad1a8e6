import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, editions } from "#db/schema";
import { AWARDS_CSV_HEADER } from "~/modules/results/export";
import { latestPublication, publicationAwards } from "~/modules/results/publish.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

/* The demo's past edition is published at seed: the public pages read it as a visitor would. */

const testApp = testAppForFile();
let app: TestApp;
let past: typeof editions.$inferSelect;
let demo: Awaited<ReturnType<typeof withDemo>>;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  const [row] = await app.db.select().from(editions).where(eq(editions.slug, "demo-2025"));
  if (!row) throw new Error("no demo-2025");
  past = row;
});

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const sealOnPage = (html: string) => html.match(/<code class="seal">([0-9a-f]{64})<\/code>/)?.[1];

describe("the public winners list", () => {
  it("shows the final list by category and tier with the seal and how to check it", async () => {
    const final = await latestPublication(past.id, "final");
    const listed = await publicationAwards(final?.id ?? 0);
    const res = await app.client().get(`/e/${past.slug}/results`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const award of listed) {
      expect(html).toContain(award.entryTitle);
      expect(html).toContain(award.unitName);
    }
    expect(html).toContain(listed[0]?.categoryName);
    expect(html).toContain(listed[0]?.tierName);
    expect(html).toContain("results.csv 的 SHA-256");
    expect(html).toContain("sha256sum results.csv");
    expect(sealOnPage(html)).toBe(final?.sha256);
    // Printable: the print stylesheet is linked.
    expect(html).toMatch(/results-print-[A-Z0-9]+\.css/);
  });

  it("serves results.csv whose SHA-256 is the seal on the page", async () => {
    const page = await (await app.client().get(`/e/${past.slug}/results`)).text();
    const res = await app.client().get(`/e/${past.slug}/results.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="demo-2025-results-v\d+\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(sha256(bytes)).toBe(sealOnPage(page));
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe(AWARDS_CSV_HEADER.join(","));
  });

  it("serves the same list as a spreadsheet", async () => {
    const final = await latestPublication(past.id, "final");
    const listed = await publicationAwards(final?.id ?? 0);
    const res = await app.client().get(`/e/${past.slug}/results.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(listed.length + 1);
    expect(sheet?.getRow(2).getCell(7).text).toBe(listed[0]?.entryTitle);
  });

  it("filters on the server by unit or entry title", async () => {
    const final = await latestPublication(past.id, "final");
    const listed = await publicationAwards(final?.id ?? 0);
    const target = listed[0];
    if (!target) throw new Error("empty list");
    const others = listed.filter(
      (a) => a.unitName !== target.unitName && !a.entryTitle.includes(target.unitName),
    );
    const byUnit = await (
      await app.client().get(`/e/${past.slug}/results?q=${encodeURIComponent(target.unitName)}`)
    ).text();
    expect(byUnit).toContain(target.entryTitle);
    for (const other of others) expect(byUnit).not.toContain(other.entryTitle);
    const title = target.entryTitle.slice(0, 4);
    const byTitle = await (
      await app.client().get(`/e/${past.slug}/results?q=${encodeURIComponent(title)}`)
    ).text();
    expect(byTitle).toContain(target.entryTitle);
    const none = await (
      await app.client().get(`/e/${past.slug}/results?q=${encodeURIComponent("%_不存在的单位")}`)
    ).text();
    expect(none).toContain("名单为空。");
    expect(none).toContain("共 0 项");
  });

  it("links the lists from the edition's page", async () => {
    const html = await (await app.client().get(`/e/${past.slug}`)).text();
    expect(html).toContain(`href="/e/${past.slug}/results"`);
    expect(html).toContain(`href="/e/${past.slug}/notice"`);
    // The open edition has neither.
    const open = await (await app.client().get(`/e/${demo.edition.slug}`)).text();
    expect(open).not.toContain(`/e/${demo.edition.slug}/results`);
  });

  it("a correction is published as a new version, shown with its reason, and changes the seal", async () => {
    const before = await latestPublication(past.id, "final");
    const listed = await publicationAwards(before?.id ?? 0);
    const target = listed[0];
    if (!target?.entryId) throw new Error("empty list");
    const organizer = await demo.login("organizer");
    const url = `/admin/editions/${past.id}/publication`;

    const missing = await organizer.post(url, {
      intent: "correct",
      entryId: String(target.entryId),
      tier: "none",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("此项为必填项。");

    const reason = "经复核，该案例数据有误，撤销奖项。";
    const res = await organizer.post(url, {
      intent: "correct",
      entryId: String(target.entryId),
      tier: "none",
      reason,
    });
    expect(res.status).toBe(302);
    const after = await latestPublication(past.id, "final");
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.sha256).not.toBe(before?.sha256);

    const page = await (await app.client().get(`/e/${past.slug}/results`)).text();
    expect(page).toContain("更正记录");
    expect(page).toContain(reason);
    expect(page).not.toContain(target.entryTitle);
    expect(sealOnPage(page)).toBe(after?.sha256);
    const csv = new Uint8Array(await (await app.client().get(`/e/${past.slug}/results.csv`)).arrayBuffer());
    expect(sha256(csv)).toBe(after?.sha256);
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "results.publishCorrection"), eq(auditLog.editionId, past.id)));
    expect(audits).toHaveLength(1);
  });
});
