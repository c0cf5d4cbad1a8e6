import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  attachments,
  auditLog,
  conflicts,
  criteria,
  editions,
  entries,
  scorePoints,
  scoreSheets,
  units,
  users,
} from "#db/schema";
import { type TestApp, testAppForFile } from "../../support/app";
import type { withDemo } from "../../support/demo";
import { withJudging } from "../../support/judging";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
type Logged = Awaited<ReturnType<Awaited<ReturnType<typeof withDemo>>["login"]>>;
let judge1: Logged;
let judge2: Logged;
let mine: number[] = [];
let theirs = 0;

beforeAll(async () => {
  app = testApp();
  ({ demo, judge1, judge2, mine, theirs } = await withJudging(app));
});

async function rubricOf(assignmentId: number) {
  const [a] = await app.db
    .select({ categoryId: entries.categoryId })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .where(eq(assignments.id, assignmentId));
  return app.db
    .select()
    .from(criteria)
    .where(eq(criteria.categoryId, a?.categoryId ?? 0))
    .orderBy(criteria.position);
}

async function fullSheet(assignmentId: number, version: string, intent = "save") {
  const rubric = await rubricOf(assignmentId);
  return {
    intent,
    version,
    comment: "选题及时，表达清楚。",
    ...Object.fromEntries(rubric.map((c) => [`points.${c.id}`, String(c.maxPoints - 2.5)])),
  };
}

describe("the judge's workspace", () => {
  it("shows the queue with open counts and the next entry", async () => {
    const res = await judge1.get("/judge");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("权威发布");
    expect(html).toContain(`/judge/assignments/${mine[0]}`);
  });

  it("opens the judge's own assignment but not another judge's (404), and refuses units", async () => {
    expect((await judge1.get(`/judge/assignments/${mine[0]}`)).status).toBe(200);
    expect((await judge1.get(`/judge/assignments/${theirs}`)).status).toBe(404);
    expect((await judge1.post(`/judge/assignments/${theirs}`, { intent: "save", version: "0" })).status).toBe(
      404,
    );
    const unit = await demo.login("unit1");
    expect((await unit.get("/judge")).status).toBe(403);
    expect((await unit.get(`/judge/assignments/${mine[0]}`)).status).toBe(403);
  });

  it("never shows a unit's name on any judge page in blind review", async () => {
    const names = (await app.db.select({ name: units.name }).from(units)).map((u) => u.name);
    const pages = [
      "/judge",
      ...mine.map((id) => `/judge/assignments/${id}`),
      `/judge/categories/${demo.category("QWFB").id}`,
    ];
    for (const page of pages) {
      const html = await (await judge1.get(page)).text();
      for (const name of names) expect(html, `${name} on ${page}`).not.toContain(name);
    }
  });

  it("lets the judge open the attachments of assigned entries only", async () => {
    const [dspAssignment] = await app.db
      .select()
      .from(assignments)
      .where(eq(assignments.id, mine[mine.length - 1] ?? 0));
    const [file] = await app.db
      .select()
      .from(attachments)
      .where(eq(attachments.entryId, dspAssignment?.entryId ?? 0));
    expect(file).toBeDefined();
    expect((await judge1.get(`/files/${file?.id}`)).status).toBe(200);
    expect((await judge2.get(`/files/${file?.id}`)).status).toBe(404);
  });
});

describe("score sheets", () => {
  it("refuses points out of range or not a number with field messages, and saves nothing", async () => {
    const id = mine[0] ?? 0;
    const rubric = await rubricOf(id);
    const [first, second, third] = rubric;
    const res = await judge1.post(`/judge/assignments/${id}`, {
      intent: "save",
      version: "0",
      [`points.${first?.id}`]: String((first?.maxPoints ?? 0) + 1),
      [`points.${second?.id}`]: "abc",
      [`points.${third?.id}`]: "3.3",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`分数须在 0 到 ${first?.maxPoints} 之间`);
    expect(html).toContain("请输入数字，可精确到 0.5 分");
    expect(html).toContain('value="abc"'); // what the judge typed stays
    expect(await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id))).toEqual([]);
  });

  it("saves a draft with half points, and refuses a save from a stale tab without losing the newer one", async () => {
    const id = mine[0] ?? 0;
    const rubric = await rubricOf(id);
    const first = rubric[0];
    const draft = await judge1.post(`/judge/assignments/${id}`, {
      intent: "save",
      version: "0",
      [`points.${first?.id}`]: "20.5",
    });
    expect(draft.status).toBe(302);
    const stale = await judge1.post(`/judge/assignments/${id}`, {
      intent: "save",
      version: "0",
      [`points.${first?.id}`]: "10",
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("此评分表已在其他窗口保存过");
    const saved = await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id));
    expect(saved.map((p) => p.halfPoints)).toEqual([41]);
  });

  it("needs every criterion to submit, then locks the sheet; submitting twice is harmless", async () => {
    const id = mine[0] ?? 0;
    const incomplete = await judge1.post(`/judge/assignments/${id}`, { intent: "submit", version: "1" });
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toContain("此项为必填项");
    const form = await fullSheet(id, "1", "submit");
    const ok = await judge1.post(`/judge/assignments/${id}`, form);
    expect(ok.status).toBe(302);
    const again = await judge1.post(`/judge/assignments/${id}`, form);
    expect(again.status).toBe(302);
    const [row] = await app.db.select().from(assignments).where(eq(assignments.id, id));
    expect(row?.state).toBe("submitted");
    const change = await judge1.post(`/judge/assignments/${id}`, await fullSheet(id, "2"));
    expect(change.status).toBe(409);
    expect(await change.text()).toContain("评分已提交，不能再修改");
  });

  it("saves and moves to the neighbouring entry of the category without losing what was typed", async () => {
    const id = mine[1] ?? 0;
    const rubric = await rubricOf(id);
    const res = await judge1.post(`/judge/assignments/${id}`, {
      intent: "save",
      version: "0",
      go: "prev",
      [`points.${rubric[0]?.id}`]: "12",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/judge/assignments/${mine[0]}`);
    const saved = await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id));
    expect(saved.map((p) => p.halfPoints)).toEqual([24]);
  });

  it("refuses scores outside the judging phase", async () => {
    const id = mine[2] ?? 0;
    // After judging: the judge still sees the assignment (before, in review, they do not).
    await app.db.update(editions).set({ phase: "tallied" }).where(eq(editions.id, demo.edition.id));
    try {
      const res = await judge1.post(`/judge/assignments/${id}`, await fullSheet(id, "0"));
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("现在不在评审期");
      expect(await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id))).toEqual([]);
    } finally {
      await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, demo.edition.id));
    }
  });

  it("keeps other judges' points out of a judge's pages", async () => {
    const id = mine[0] ?? 0;
    const [entryRow] = await app.db.select().from(assignments).where(eq(assignments.id, id));
    const [other] = await app.db
      .insert(assignments)
      .values({ editionId: demo.edition.id, entryId: entryRow?.entryId ?? 0, judgeId: judge2.userId })
      .returning();
    const rubric = await rubricOf(id);
    await judge2.post(`/judge/assignments/${other?.id}`, {
      intent: "save",
      version: "0",
      comment: "另一位评委的私密评语",
      [`points.${rubric[0]?.id}`]: "7.5",
    });
    const html = await (await judge1.get(`/judge/assignments/${id}`)).text();
    expect(html).not.toContain("另一位评委的私密评语");
    const [j2] = await app.db.select().from(users).where(eq(users.id, judge2.userId));
    expect(html).not.toContain(j2?.name ?? "missing");
  });
});

describe("saves that race", () => {
  it("lets one of several saves from the same form through, and a double-clicked submit audits once", async () => {
    // An assignment of its own: judge 1 also scores the entry judge 2 has.
    const [theirsRow] = await app.db.select().from(assignments).where(eq(assignments.id, theirs));
    const [own] = await app.db
      .insert(assignments)
      .values({ editionId: demo.edition.id, entryId: theirsRow?.entryId ?? 0, judgeId: judge1.userId })
      .returning();
    const id = own?.id ?? 0;
    const draft = await fullSheet(id, "0");
    const drafts = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => judge1.post(`/judge/assignments/${id}`, { ...draft, comment: `草稿 ${n}` })),
    );
    expect(drafts.map((r) => r.status).sort()).toEqual([302, 409, 409, 409, 409]);
    const [sheet] = await app.db.select().from(scoreSheets).where(eq(scoreSheets.assignmentId, id));
    expect(sheet?.version).toBe(1);
    const winner = drafts.findIndex((r) => r.status === 302);
    expect(sheet?.comment).toBe(`草稿 ${winner + 1}`);

    const submit = await fullSheet(id, "1", "submit");
    const submits = await Promise.all(
      [1, 2, 3, 4, 5].map(() => judge1.post(`/judge/assignments/${id}`, submit)),
    );
    expect(submits.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    const [after] = await app.db.select().from(scoreSheets).where(eq(scoreSheets.assignmentId, id));
    expect(after?.version).toBe(2);
    expect(after?.submittedAt).not.toBeNull();
    const records = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "sheet.submit"), eq(auditLog.subjectId, String(id))));
    expect(records).toHaveLength(1);
    const rubric = await rubricOf(id);
    expect(records[0]?.after).toEqual({
      comment: submit.comment,
      points: Object.fromEntries(rubric.map((c) => [String(c.id), c.maxPoints - 2.5])),
    });
    const points = await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id));
    expect(points).toHaveLength(rubric.length);
  });
});

describe("a second submission with other scores", () => {
  it("is refused with a clear message, and the first scores stand", async () => {
    const [theirsRow] = await app.db.select().from(assignments).where(eq(assignments.id, theirs));
    const [own] = await app.db
      .insert(assignments)
      .values({ editionId: demo.edition.id, entryId: theirsRow?.entryId ?? 0, judgeId: judge2.userId })
      .onConflictDoNothing()
      .returning();
    const id = own?.id ?? theirs;
    const [sheet] = await app.db.select().from(scoreSheets).where(eq(scoreSheets.assignmentId, id));
    const v = String(sheet?.version ?? 0);
    const first = await fullSheet(id, v, "submit");
    expect((await judge2.post(`/judge/assignments/${id}`, first)).status).toBe(302);
    const rubric = await rubricOf(id);
    // The same form, from another tab, with other points.
    const other = {
      ...first,
      ...Object.fromEntries(rubric.map((c) => [`points.${c.id}`, String(c.maxPoints)])),
    };
    const second = await judge2.post(`/judge/assignments/${id}`, other);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("此评分表已提交过，本次提交的分数未保存");
    const points = await app.db.select().from(scorePoints).where(eq(scorePoints.assignmentId, id));
    expect(points.map((p) => p.halfPoints).sort()).toEqual(rubric.map((c) => (c.maxPoints - 2.5) * 2).sort());
    // The same form again is still a harmless double click.
    expect((await judge2.post(`/judge/assignments/${id}`, first)).status).toBe(302);
    const comment = await judge2.post(`/judge/assignments/${id}`, { ...first, comment: "另一条评语" });
    expect(comment.status).toBe(409);
  });
});

describe("recusal", () => {
  it("needs a reason, then recuses the judge from the entry alone, with the reason audited", async () => {
    const id = mine[2] ?? 0;
    const noReason = await judge1.post(`/judge/assignments/${id}`, { intent: "recuse", reason: " " });
    expect(noReason.status).toBe(400);
    const conflictsBefore = await app.db.select().from(conflicts).where(eq(conflicts.judgeId, judge1.userId));
    const res = await judge1.post(`/judge/assignments/${id}`, {
      intent: "recuse",
      reason: "曾为该单位拍摄宣传片",
    });
    expect(res.status).toBe(302);
    const [row] = await app.db.select().from(assignments).where(eq(assignments.id, id));
    expect(row?.state).toBe("recused");
    // Nothing against the unit: in blind review that would name the entry's unit to the judge.
    const stored = await app.db.select().from(conflicts).where(eq(conflicts.judgeId, judge1.userId));
    expect(stored).toEqual(conflictsBefore);
    const [record] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "assignment.recuse"), eq(auditLog.subjectId, String(id))));
    expect(record?.after).toMatchObject({ state: "recused", reason: "曾为该单位拍摄宣传片" });
    const page = await (await judge1.get(`/judge/assignments/${id}`)).text();
    expect(page).toContain("您已回避此案例");
    // Another judge cannot recuse someone else's assignment.
    expect(
      (await judge2.post(`/judge/assignments/${mine[1]}`, { intent: "recuse", reason: "x" })).status,
    ).toBe(404);
  });
});
