import { and, asc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  auditLog,
  editions,
  entries,
  results,
  scorePoints,
  tallySnapshots,
  tierOverrides,
  tiers,
} from "#db/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;
let organizer: Client;
let page: string;
/** An entry whose third sheet was zeroed: the judges disagree about it. */
let disputedEntryId: number;

beforeAll(async () => {
  app = testApp();
  ctx = await withPastEditionInJudging(app);
  organizer = await app.loggedIn("organizer");
  page = `/admin/editions/${ctx.past.id}/results`;
  // One judge gives an entry nothing: a judge far from the others, and high disagreement.
  const [sheet] = await app.db
    .select({ id: assignments.id, entryId: assignments.entryId })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .where(and(eq(assignments.editionId, ctx.past.id), eq(entries.status, "accepted")))
    .orderBy(asc(assignments.id))
    .limit(1);
  if (!sheet) throw new Error("no sheet");
  disputedEntryId = sheet.entryId;
  await app.db.update(scorePoints).set({ halfPoints: 0 }).where(eq(scorePoints.assignmentId, sheet.id));
});

async function html(path: string, client = organizer) {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return res.text();
}

async function tierOfCategory(entryId: number) {
  const [entry] = await app.db.select().from(entries).where(eq(entries.id, entryId));
  const list = await app.db
    .select()
    .from(tiers)
    .where(eq(tiers.categoryId, entry?.categoryId ?? 0))
    .orderBy(asc(tiers.position));
  return { entry, tiers: list };
}

describe("the organizer's results page", () => {
  it("before the first run says so and offers the button", async () => {
    const body = await html(page);
    expect(body).toContain("尚未运行计分");
    expect(body).toContain("运行计分");
  });

  it("runs the tally from the page and shows ranks, judges, flags and the method", async () => {
    const res = await organizer.post(page, { intent: "tally" });
    expect(res.status).toBe(302);
    const [snapshot] = await app.db
      .select()
      .from(tallySnapshots)
      .where(eq(tallySnapshots.editionId, ctx.past.id));
    expect(snapshot).toBeDefined();

    const { entry } = await tierOfCategory(disputedEntryId);
    const body = await html(`${page}?category=${entry?.categoryId}`);
    expect(body).toContain("最近一次计分");
    // The method in plain words, with the edition's settings (data weight 20 %).
    expect(body).toContain("去掉一个最高分和一个最低分");
    expect(body).toContain("数据分 × 20%");
    // Ranks with links to the entries, the judges by name, the flags of the disputed entry.
    expect(body).toContain(`/admin/entries/${disputedEntryId}`);
    expect(body).toMatch(/评委分歧大/);
    expect(body).toMatch(/偏离其他评委/);
    expect(body).toContain("肯德尔和谐系数");
    expect(body).toContain("评委宽严度");
    expect(body).toContain("测试organizer");
    const rows = await app.db
      .select()
      .from(results)
      .where(eq(results.snapshotId, snapshot?.id ?? 0));
    const disputed = rows.find((r) => r.entryId === disputedEntryId);
    expect(disputed?.highDisagreement).toBe(true);

    // Only flagged: the disputed entry stays, an unflagged one of the category goes.
    const flagged = await html(`${page}?category=${entry?.categoryId}&flagged=1`);
    expect(flagged).toContain(`/admin/entries/${disputedEntryId}`);
    const stats = (snapshot?.categoryStats ?? []) as { outlierSheets: { entryId: number }[] }[];
    const calm = rows.find(
      (r) =>
        r.categoryId === entry?.categoryId &&
        !r.tie &&
        !r.highDisagreement &&
        !r.dependsOnOneJudge &&
        !r.tieAtBoundary &&
        !stats.some((c) => c.outlierSheets.some((o) => o.entryId === r.entryId)),
    );
    if (calm) expect(flagged).not.toContain(`/admin/entries/${calm.entryId}"`);
  });

  it("shows the page in English with the method in English", async () => {
    const en = await app.loggedIn("organizer");
    await en.post("/locale", { locale: "en", redirectTo: "/" });
    const body = await html(page, en);
    expect(body).toContain("Run the tally");
    expect(body).toContain("the highest and the lowest are dropped");
  });

  it("refuses an override without a reason, keeps the choice and saves nothing", async () => {
    const { entry } = await tierOfCategory(disputedEntryId);
    const res = await organizer.post(`${page}?category=${entry?.categoryId}`, {
      intent: "override",
      entryId: String(disputedEntryId),
      tier: "none",
      reason: "",
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("此项为必填项");
    expect(body).toMatch(/<option value="none" selected="">/);
    const saved = await app.db.select().from(tierOverrides).where(eq(tierOverrides.editionId, ctx.past.id));
    expect(saved).toHaveLength(0);
  });

  it("saves an override with its reason, shows it as an override, audits it, and removes it", async () => {
    const { entry, tiers: list } = await tierOfCategory(disputedEntryId);
    const best = list[0];
    if (!best) throw new Error("no tier");
    const at = `${page}?category=${entry?.categoryId}`;
    const res = await organizer.post(at, {
      intent: "override",
      entryId: String(disputedEntryId),
      tier: String(best.id),
      reason: "经复核，第三位评委漏评了创新性指标",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain(`category=${entry?.categoryId}`);
    const body = await html(at);
    expect(body).toContain("人工调整");
    expect(body).toContain("经复核，第三位评委漏评了创新性指标");
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "results.override"), eq(auditLog.subjectId, String(disputedEntryId))));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({ tierId: best.id });

    // The export carries the override and its reason.
    const csv = await (await organizer.get(`/admin/editions/${ctx.past.id}/results.csv`)).text();
    expect(csv).toContain("经复核，第三位评委漏评了创新性指标");

    const cleared = await organizer.post(at, { intent: "clear", entryId: String(disputedEntryId) });
    expect(cleared.status).toBe(302);
    const left = await app.db.select().from(tierOverrides).where(eq(tierOverrides.editionId, ctx.past.id));
    expect(left).toHaveLength(0);
    const clears = await app.db.select().from(auditLog).where(eq(auditLog.action, "results.override.clear"));
    expect(clears).toHaveLength(1);
  });

  it("exports the results as .xlsx with one row per result", async () => {
    const res = await organizer.get(`/admin/editions/${ctx.past.id}/results.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const accepted = await app.db
      .select()
      .from(entries)
      .where(and(eq(entries.editionId, ctx.past.id), eq(entries.status, "accepted")));
    expect(sheet?.rowCount).toBe(accepted.length + 1);
    expect(sheet?.getRow(1).getCell(2).value).toBe("rank");
    expect(typeof sheet?.getRow(2).getCell(10).value).toBe("number");
  });

  it("keeps units and judges out, and refuses the tally and overrides once published", async () => {
    const unit = await app.loggedIn("unit");
    const judge = await app.loggedIn("judge");
    for (const client of [unit, judge]) {
      expect((await client.get(page)).status).toBe(403);
      expect((await client.get(`/admin/editions/${ctx.past.id}/sheets.csv`)).status).toBe(403);
      expect((await client.post(page, { intent: "tally" })).status).toBe(403);
    }
    expect((await app.client().get(`/admin/editions/${ctx.past.id}/results.csv`)).status).toBe(302);
    expect((await organizer.get("/admin/editions/999999/results")).status).toBe(404);

    await app.db.update(editions).set({ phase: "published" }).where(eq(editions.id, ctx.past.id));
    const refused = await organizer.post(page, { intent: "tally" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("只有在评审、已计分或公示阶段才能运行计分");
    const override = await organizer.post(page, {
      intent: "override",
      entryId: String(disputedEntryId),
      tier: "none",
      reason: "发布后不应在此修改",
    });
    expect(override.status).toBe(409);
    const body = await html(page);
    expect(body).toContain(`/admin/editions/${ctx.past.id}/publication`);
    expect(body).not.toContain('value="override"');
    await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, ctx.past.id));
  });
});
