import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  attachments,
  categories,
  editions,
  entries,
  scorePoints,
  units,
  users,
} from "#db/schema";
import { DEMO_PASSWORD, seedDemo } from "#db/seed";
import type { SeededEntry } from "#db/seed-entries";
import { attachDemoFiles } from "#db/seed-files";
import { fileStorage } from "~/modules/storage/storage.server";
import { isValidCreditCode } from "~/modules/units/credit-code";
import { type TestApp, testAppForFile } from "../../support/app";
import { testBackend } from "../../support/db";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

describe("health and demo data", () => {
  it("answers /healthz with the database kind", async () => {
    const res = await app.client().get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: testBackend() });
  });

  it("seeds an empty database once, with valid credit codes and four categories", async () => {
    const now = new Date("2026-11-23T02:00:00Z");
    const attach = (list: SeededEntry[]) => attachDemoFiles(app.db, fileStorage(), list);
    expect(await seedDemo(app.db, now, { attachFiles: attach })).toContain("organizer@demo.pingxuan.cn");
    const files = await app.db.select().from(attachments);
    expect(files.filter((f) => f.kind === "video")).toHaveLength(1);
    expect(files.filter((f) => f.kind === "image").length).toBeGreaterThanOrEqual(4);
    const [u] = await app.db.select({ n: count() }).from(users);
    expect(u?.n).toBe(1 + 3 + 7);
    const unitRows = await app.db.select().from(units);
    expect(unitRows.map((x) => x.name)).toContain("濮阳日报社");
    for (const unit of unitRows) expect(isValidCreditCode(unit.creditCode), unit.creditCode).toBe(true);
    const [open] = await app.db.select().from(editions).where(eq(editions.slug, "demo-2026"));
    const cats = await app.db
      .select()
      .from(categories)
      .where(eq(categories.editionId, open?.id ?? 0));
    expect(cats.map((c) => c.name)).toEqual(["权威发布", "融媒创新", "民生服务", "短视频"]);
    const demoEntries = await app.db
      .select()
      .from(entries)
      .where(eq(entries.editionId, open?.id ?? 0));
    expect(demoEntries.length).toBe(12);
    const statuses = new Set(demoEntries.map((e) => e.status));
    expect([...statuses].sort()).toEqual(["draft", "returned", "submitted"]);
    for (const e of demoEntries.filter((x) => x.status !== "draft")) {
      expect(e.reference).toMatch(/^2026-(QWFB|RMCX|MSFW|DSP)-\d{4}$/);
      expect(e.publishDate && e.publishDate >= "2026-01-01" && e.publishDate <= "2026-10-31").toBe(true);
    }
    // Last year's edition is fully judged, with an outlier judge, for the tally to show.
    const [past] = await app.db.select().from(editions).where(eq(editions.slug, "demo-2025"));
    expect(past?.phase).toBe("published");
    const pastAssignments = await app.db
      .select()
      .from(assignments)
      .where(eq(assignments.editionId, past?.id ?? 0));
    expect(pastAssignments.length).toBe(16 * 3);
    expect(pastAssignments.every((a) => a.state === "submitted")).toBe(true);
    const totals = await app.db
      .select({ judgeId: assignments.judgeId, total: sql<number>`sum(${scorePoints.halfPoints})` })
      .from(scorePoints)
      .innerJoin(assignments, eq(assignments.id, scorePoints.assignmentId))
      .where(eq(assignments.editionId, past?.id ?? 0))
      .groupBy(assignments.judgeId);
    const means = totals.map((t) => Number(t.total) / 2 / 16).sort((a, b) => a - b);
    expect((means[1] ?? 0) - (means[0] ?? 0)).toBeGreaterThan(8); // the outlier stands out
    // A second start leaves the data alone.
    await seedDemo(app.db, now);
    const [again] = await app.db.select({ n: count() }).from(users);
    expect(again?.n).toBe(11);
  });

  it("shows the open demo edition to everyone and lets the demo logins in", async () => {
    const home = await (await app.client().get("/")).text();
    expect(home).toContain("2026 年度政务新媒体优秀案例评选（演示）");
    const page = await app.client().get("/e/demo-2026");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of ["权威发布", "融媒创新", "民生服务", "短视频", "传播力", "本页为演示数据"]) {
      expect(html).toContain(text);
    }
    for (const [email, home] of [
      ["organizer@demo.pingxuan.cn", "/admin"],
      ["judge2@demo.pingxuan.cn", "/judge"],
      ["unit7@demo.pingxuan.cn", "/unit"],
    ]) {
      const res = await app.client().post("/login", { email: email as string, password: DEMO_PASSWORD });
      expect(res.headers.get("location"), email).toBe(home);
    }
  });
});
