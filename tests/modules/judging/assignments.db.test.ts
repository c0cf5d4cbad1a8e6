import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assignments, auditLog, conflicts, editions, entries, judgeCategories, judges } from "#db/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let organizer: Client;
type Logged = Awaited<ReturnType<Awaited<ReturnType<typeof withDemo>>["login"]>>;
let judgeIds: string[] = [];
let conflictedUnit = 0;
let accepted: (typeof entries.$inferSelect)[] = [];

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  organizer = await demo.login("organizer");
  const js: Logged[] = [await demo.login("judge1"), await demo.login("judge2"), await demo.login("judge3")];
  judgeIds = js.map((j) => j.userId);
  // The panels: all three demo judges judge every category; judge3 works for the unit of the
  // first submitted entry, which makes that unit a conflict for them.
  const submitted = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.status, "submitted")))
    .orderBy(entries.id);
  conflictedUnit = submitted[0]?.unitId ?? 0;
  await app.db.delete(judgeCategories);
  await app.db.delete(conflicts);
  for (const [i, id] of judgeIds.entries()) {
    const unitId = i === 2 ? conflictedUnit : null;
    await app.db
      .insert(judges)
      .values({ userId: id, unitId, regionCode: "" })
      .onConflictDoUpdate({ target: judges.userId, set: { unitId, regionCode: "" } });
  }
  for (const code of ["QWFB", "RMCX", "MSFW", "DSP"]) {
    await app.db
      .insert(judgeCategories)
      .values(judgeIds.map((judgeId) => ({ judgeId, categoryId: demo.category(code).id })));
  }
  await app.db
    .update(entries)
    .set({ status: "accepted" })
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.status, "submitted")));
  accepted = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.status, "accepted")));
  await app.db.update(editions).set({ phase: "review" }).where(eq(editions.id, demo.edition.id));
});

async function rows() {
  return app.db.select().from(assignments).where(eq(assignments.editionId, demo.edition.id));
}

describe("automatic assignment", () => {
  it("gives every accepted entry k judges, never a conflicted one, and names the entries it cannot fill", async () => {
    const res = await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, { intent: "auto" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const all = await rows();
    const k = demo.edition.judgesPerEntry;
    for (const e of accepted) {
      const mine = all.filter((a) => a.entryId === e.id);
      if (e.unitId === conflictedUnit) {
        expect(mine.map((a) => a.judgeId)).not.toContain(judgeIds[2]);
        expect(mine).toHaveLength(k - 1);
        expect(html).toContain(e.reference ?? "missing");
      } else {
        expect(mine).toHaveLength(k);
      }
    }
    expect(html).toContain("因回避只能分配");
    const loads = judgeIds.map((id) => all.filter((a) => a.judgeId === id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(
      accepted.filter((e) => e.unitId === conflictedUnit).length,
    );
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, "assignment.auto"))).toHaveLength(
      1,
    );
  });

  it("changes nothing when run again", async () => {
    const before = (await rows()).map((a) => a.id).sort();
    expect(
      (await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, { intent: "auto" })).status,
    ).toBe(200);
    expect((await rows()).map((a) => a.id).sort()).toEqual(before);
  });

  it("refuses by hand to give a judge an entry of a unit they have a conflict with", async () => {
    const entry = accepted.find((e) => e.unitId === conflictedUnit);
    const res = await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, {
      intent: "add",
      entryId: String(entry?.id),
      judgeId: judgeIds[2] ?? "",
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("有回避关系，不能分配");
    const mine = (await rows()).filter((a) => a.entryId === entry?.id && a.judgeId === judgeIds[2]);
    expect(mine).toEqual([]);
  });

  it("removes and moves open assignments by hand, audited; a submitted one stays", async () => {
    const all = await rows();
    const target = all.find((a) => a.judgeId === judgeIds[0]);
    expect(
      (
        await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, {
          intent: "remove",
          assignmentId: String(target?.id),
        })
      ).status,
    ).toBe(302);
    expect((await rows()).find((a) => a.id === target?.id)).toBeUndefined();
    const other = (await rows()).find((a) => a.judgeId === judgeIds[1]);
    await app.db
      .update(assignments)
      .set({ state: "submitted" })
      .where(eq(assignments.id, other?.id ?? 0));
    const refused = await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, {
      intent: "remove",
      assignmentId: String(other?.id),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("不能撤销或改派");
    const actions = (await app.db.select().from(auditLog).where(eq(auditLog.editionId, demo.edition.id))).map(
      (a) => a.action,
    );
    expect(actions).toContain("assignment.remove");
  });

  it("exports every assignment as CSV to organizers only", async () => {
    const res = await organizer.get(`/admin/editions/${demo.edition.id}/assignments.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so spreadsheet programs read UTF-8
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe("entry_reference,category,judge_email,state");
    expect(lines.length - 1).toBe((await rows()).length);
    expect(lines[1]).toMatch(/^2026-[A-Z]+-\d{4},[A-Z]+,judge\d@demo\.pingxuan\.cn,(assigned|submitted)$/);
    const unit = await demo.login("unit1");
    expect((await unit.get(`/admin/editions/${demo.edition.id}/assignments.csv`)).status).toBe(403);
    expect(
      (await unit.post(`/admin/editions/${demo.edition.id}/assignments`, { intent: "auto" })).status,
    ).toBe(403);
  });

  it("refuses to assign outside review and judging", async () => {
    await app.db.update(editions).set({ phase: "open" }).where(eq(editions.id, demo.edition.id));
    try {
      const res = await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, { intent: "auto" });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("只有在形式审查或评审阶段才能分配");
    } finally {
      await app.db.update(editions).set({ phase: "review" }).where(eq(editions.id, demo.edition.id));
    }
  });
});
