import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assignments, auditLog, criteria, entries, mailOutbox } from "#db/schema";
import { type TestApp, testAppForFile } from "../../support/app";
import { withJudging } from "../../support/judging";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withJudging>>;

beforeAll(async () => {
  app = testApp();
  ctx = await withJudging(app);
});

async function submitAll(assignmentId: number) {
  const [a] = await app.db
    .select({ categoryId: entries.categoryId })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .where(eq(assignments.id, assignmentId));
  const rubric = await app.db
    .select()
    .from(criteria)
    .where(eq(criteria.categoryId, a?.categoryId ?? 0));
  return ctx.judge1.post(`/judge/assignments/${assignmentId}`, {
    intent: "submit",
    version: "0",
    ...Object.fromEntries(rubric.map((c) => [`points.${c.id}`, String(c.maxPoints / 2)])),
  });
}

describe("judging progress", () => {
  it("counts assigned, drafted, submitted per category and per judge", async () => {
    expect((await submitAll(ctx.mine[0] ?? 0)).status).toBe(302);
    const organizer = await ctx.demo.login("organizer");
    const res = await organizer.get(`/admin/editions/${ctx.demo.edition.id}/progress`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("王教授");
    expect(html).toContain("权威发布");
  });

  it("mails one reminder per judge with open assignments, not one per entry", async () => {
    const organizer = await ctx.demo.login("organizer");
    const before = await app.db.select().from(mailOutbox).where(eq(mailOutbox.template, "judge-reminder"));
    const res = await organizer.post(`/admin/editions/${ctx.demo.edition.id}/progress`, {});
    expect(res.status).toBe(302);
    const after = await app.db.select().from(mailOutbox).where(eq(mailOutbox.template, "judge-reminder"));
    const sent = after.slice(before.length);
    expect(sent.map((m) => m.toAddress).sort()).toEqual([
      "judge1@demo.pingxuan.cn",
      "judge2@demo.pingxuan.cn",
    ]);
    expect(sent.find((m) => m.toAddress === "judge1@demo.pingxuan.cn")?.text).toContain(
      `还有 ${ctx.mine.length - 1} 件`,
    );
  });

  it("lets an organizer reopen a submitted sheet with a reason, audited; the judge can then change it", async () => {
    const id = ctx.mine[0] ?? 0;
    const [a] = await app.db.select().from(assignments).where(eq(assignments.id, id));
    const organizer = await ctx.demo.login("organizer");
    const noReason = await organizer.post(`/admin/entries/${a?.entryId}`, {
      intent: "reopen",
      assignmentId: String(id),
      reason: "",
    });
    expect(noReason.status).toBe(400);
    const res = await organizer.post(`/admin/entries/${a?.entryId}`, {
      intent: "reopen",
      assignmentId: String(id),
      reason: "第二项分数录入有误",
    });
    expect(res.status).toBe(302);
    const [after] = await app.db.select().from(assignments).where(eq(assignments.id, id));
    expect(after?.state).toBe("assigned");
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.action, "sheet.reopen"));
    expect(audits).toHaveLength(1);
    const page = await (await ctx.judge1.get(`/judge/assignments/${id}`)).text();
    expect(page).not.toContain("评分已提交，不能再修改");
  });

  it("keeps the progress page and reminders to organizers", async () => {
    expect((await ctx.judge1.get(`/admin/editions/${ctx.demo.edition.id}/progress`)).status).toBe(403);
    expect((await ctx.judge1.post(`/admin/editions/${ctx.demo.edition.id}/progress`, {})).status).toBe(403);
  });
});
