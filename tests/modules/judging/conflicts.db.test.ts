import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  auditLog,
  conflicts,
  criteria,
  editions,
  entries,
  judgeCategories,
  judges,
  scorePoints,
  scoreSheets,
} from "#db/schema";
import {
  AssignmentStateError,
  addConflict,
  ConflictClosedError,
  conflictedAssignments,
  declareConflict,
  effectiveConflicts,
  isConflicted,
  recuseAssignment,
} from "~/modules/judging/conflicts.server";
import { runTally } from "~/modules/tally/tally.server";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { setPhase, withDemoJudges } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemoJudges>>;
let organizer: Client & { userId: string };
let wang: string; // 王教授, Guangzhou, declared 广州市禁毒办
let li: string; // 李研究员, Changsha
let chen: string; // 陈主任, 东莞市委宣传部

beforeAll(async () => {
  app = testApp();
  demo = await withDemoJudges(app);
  organizer = await demo.login("organizer");
  [wang, li, chen] = demo.judgeUserIds as [string, string, string];
});

const pairsOf = async (judgeId: string) =>
  (await effectiveConflicts(demo.edition.id)).filter((p) => p.judgeId === judgeId);
const unitNames = (pairs: { unitId: number }[]) =>
  pairs.map((p) => demo.units.find((u) => u.id === p.unitId)?.name).sort();
const setSameRegion = (on: boolean) =>
  app.db.update(editions).set({ conflictSameRegion: on }).where(eq(editions.id, demo.edition.id));

async function entryOf(unitName: string) {
  const [row] = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.unitId, demo.unit(unitName).id)));
  if (!row) throw new Error(`no entry of ${unitName}`);
  return row;
}

async function assign(judgeId: string, entryId: number, state: "assigned" | "submitted" = "assigned") {
  const [row] = await app.db
    .insert(assignments)
    .values({ editionId: demo.edition.id, entryId, judgeId, state })
    .returning();
  if (!row) throw new Error("no assignment");
  return row;
}

describe("effective conflicts", () => {
  it("are the own unit, the declared and organizer conflicts, and same-city units only when the edition says so", async () => {
    await setSameRegion(false);
    const chenPairs = await pairsOf(chen);
    expect(unitNames(chenPairs)).toEqual(["东莞市委宣传部"]);
    expect(chenPairs[0]?.kinds).toEqual(["own"]);
    expect(unitNames(await pairsOf(wang))).toEqual(["广州市禁毒办"]);
    expect((await pairsOf(wang))[0]?.kinds).toEqual(["declared"]);
    expect(await pairsOf(li)).toEqual([]);

    await setSameRegion(true);
    const dongguan = await pairsOf(chen);
    expect(unitNames(dongguan)).toEqual(["东莞市委宣传部", "东莞市教育局", "东莞市社会保障局"].sort());
    expect(dongguan.find((p) => p.unitId === demo.unit("东莞市委宣传部").id)?.kinds).toEqual([
      "own",
      "region",
    ]);
    expect(dongguan.find((p) => p.unitId === demo.unit("东莞市教育局").id)?.kinds).toEqual(["region"]);
    expect((await pairsOf(wang)).find((p) => p.unitId === demo.unit("广州市禁毒办").id)?.kinds).toEqual([
      "region",
      "declared",
    ]);
    // A division inside the judge's city counts too: Changsha 430100 vs. a district 430102.
    await app.db.update(judges).set({ regionCode: "431100" }).where(eq(judges.userId, li));
    expect(unitNames(await pairsOf(li))).toEqual(["永州市公安局", "永州市文化旅游广电局"]);
    await app.db.update(judges).set({ regionCode: "430100" }).where(eq(judges.userId, li));

    await addConflict(
      { id: organizer.userId, ip: "test" },
      demo.edition.id,
      li,
      demo.unit("濮阳日报社").id,
      "",
    );
    const liPairs = await pairsOf(li);
    expect(unitNames(liPairs)).toEqual(["濮阳日报社"]);
    expect(liPairs[0]?.kinds).toEqual(["organizer"]);

    expect(await isConflicted(demo.edition.id, chen, demo.unit("东莞市教育局").id)).toBe(true);
    expect(await isConflicted(demo.edition.id, li, demo.unit("东莞市教育局").id)).toBe(false);
    await setSameRegion(false);
    expect(await isConflicted(demo.edition.id, chen, demo.unit("东莞市教育局").id)).toBe(false);
    expect(await isConflicted(demo.edition.id, chen, demo.unit("东莞市委宣传部").id)).toBe(true);
  });

  it("cover only judges on the edition's panels, unless one judge is asked about", async () => {
    await app.db.delete(judgeCategories).where(eq(judgeCategories.judgeId, chen));
    try {
      expect(await pairsOf(chen)).toEqual([]);
      expect(await isConflicted(demo.edition.id, chen, demo.unit("东莞市委宣传部").id)).toBe(true);
    } finally {
      await app.db
        .insert(judgeCategories)
        .values(demo.categories.map((c) => ({ judgeId: chen, categoryId: c.id })));
    }
  });
});

describe("a judge's declarations", () => {
  it("are made and withdrawn before judging, audited, and shown beside the automatic ones", async () => {
    await setPhase(app, demo.edition.id, "review");
    const judge = await demo.login("judge3");
    const page = await judge.get("/judge/conflicts?q=永州");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("本单位（自动）");
    expect(html).toContain("永州市公安局");

    const unitId = demo.unit("永州市公安局").id;
    const res = await judge.post("/judge/conflicts", {
      intent: "declare",
      editionId: String(demo.edition.id),
      unitId: String(unitId),
      reason: "曾在该单位挂职",
    });
    expect(res.status).toBe(302);
    const [row] = await app.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.judgeId, chen), eq(conflicts.unitId, unitId)));
    expect(row).toMatchObject({ source: "declared", reason: "曾在该单位挂职", createdBy: chen });
    const [record] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "conflict.declare"), eq(auditLog.subjectId, String(row?.id))));
    expect(record?.actorId).toBe(chen);

    const twice = await judge.post("/judge/conflicts", {
      intent: "declare",
      editionId: String(demo.edition.id),
      unitId: String(unitId),
    });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("已是回避单位");
    const own = await judge.post("/judge/conflicts", {
      intent: "declare",
      editionId: String(demo.edition.id),
      unitId: String(demo.unit("东莞市委宣传部").id),
    });
    expect(own.status).toBe(409);

    const withdrawn = await judge.post("/judge/conflicts", {
      intent: "withdraw",
      editionId: String(demo.edition.id),
      conflictId: String(row?.id),
    });
    expect(withdrawn.status).toBe(302);
    expect(
      await app.db
        .select()
        .from(conflicts)
        .where(eq(conflicts.id, row?.id ?? 0)),
    ).toEqual([]);
  });

  it("are refused with a message once judging has started", async () => {
    await setPhase(app, demo.edition.id, "judging");
    try {
      const judge = await demo.login("judge3");
      const res = await judge.post("/judge/conflicts", {
        intent: "declare",
        editionId: String(demo.edition.id),
        unitId: String(demo.unit("濮阳日报社").id),
      });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("评审已经开始，不能再修改回避声明");
      expect(await judge.get("/judge/conflicts").then((r) => r.text())).toContain("评审已经开始");
      await expect(
        declareConflict({ id: chen, ip: "test" }, demo.edition.id, demo.unit("濮阳日报社").id, ""),
      ).rejects.toBeInstanceOf(ConflictClosedError);
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });

  it("cannot touch another judge's conflicts, nor what the organizer added", async () => {
    const [wangsConflict] = await app.db.select().from(conflicts).where(eq(conflicts.judgeId, wang));
    const judge = await demo.login("judge3");
    const res = await judge.post("/judge/conflicts", {
      intent: "withdraw",
      editionId: String(demo.edition.id),
      conflictId: String(wangsConflict?.id),
    });
    expect(res.status).toBe(404);
    expect(
      await app.db
        .select()
        .from(conflicts)
        .where(eq(conflicts.id, wangsConflict?.id ?? 0)),
    ).toHaveLength(1);

    const added = await addConflict(
      { id: organizer.userId, ip: "test" },
      demo.edition.id,
      chen,
      demo.unit("濮阳日报社").id,
      "",
    );
    const own = await judge.post("/judge/conflicts", {
      intent: "withdraw",
      editionId: String(demo.edition.id),
      conflictId: String(added.id),
    });
    expect(own.status).toBe(403);
    await app.db.delete(conflicts).where(eq(conflicts.id, added.id));

    // An edition whose panels the judge is not on.
    const unitClient = await demo.login("unit1");
    expect((await unitClient.get("/judge/conflicts")).status).toBe(403);
  });
});

describe("the organizer's conflicts", () => {
  it("adds and removes conflicts; automatic ones have nothing to remove", async () => {
    const page = `/admin/editions/${demo.edition.id}/judges/${li}`;
    const unitId = demo.unit("东莞市社会保障局").id;
    const res = await organizer.post(page, {
      intent: "addConflict",
      unitId: String(unitId),
      reason: "亲属任职",
    });
    expect(res.status).toBe(302);
    const [row] = await app.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.judgeId, li), eq(conflicts.unitId, unitId)));
    expect(row?.source).toBe("organizer");
    const html = await (await organizer.get(page)).text();
    expect(html).toContain("主办方添加");
    expect(html).toContain("亲属任职");

    const chenPage = await (await organizer.get(`/admin/editions/${demo.edition.id}/judges/${chen}`)).text();
    expect(chenPage).toContain("本单位（自动）");
    expect(chenPage).toContain("自动回避");

    const removed = await organizer.post(page, { intent: "removeConflict", conflictId: String(row?.id) });
    expect(removed.status).toBe(302);
    expect(
      await app.db
        .select()
        .from(conflicts)
        .where(eq(conflicts.id, row?.id ?? 0)),
    ).toEqual([]);
    const actions = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "conflict"), eq(auditLog.subjectId, String(row?.id))));
    expect(actions.map((a) => a.action).sort()).toEqual(["conflict.add", "conflict.remove"]);

    // The organizer may also remove a judge's declaration.
    const [declared] = await app.db.select().from(conflicts).where(eq(conflicts.judgeId, wang));
    const wangPage = `/admin/editions/${demo.edition.id}/judges/${wang}`;
    expect(
      (await organizer.post(wangPage, { intent: "removeConflict", conflictId: String(declared?.id) })).status,
    ).toBe(302);
    expect(
      (
        await organizer.post(wangPage, {
          intent: "addConflict",
          unitId: String(declared?.unitId),
          reason: "",
        })
      ).status,
    ).toBe(302);

    await setPhase(app, demo.edition.id, "tallied");
    try {
      const late = await organizer.post(page, { intent: "addConflict", unitId: String(unitId) });
      expect(late.status).toBe(409);
      expect(await late.text()).toContain("评审已经结束");
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });

  it("leaves the judge's still-assigned entries of the unit to the next automatic run", async () => {
    const entry = await entryOf("广州市禁毒办");
    const a = await assign(li, entry.id);
    await addConflict({ id: organizer.userId, ip: "test" }, demo.edition.id, li, entry.unitId, "");
    const [after] = await app.db.select().from(assignments).where(eq(assignments.id, a.id));
    expect(after?.state).toBe("assigned");
    const pending = await conflictedAssignments(demo.edition.id, "assigned");
    expect(pending.find((p) => p.id === a.id)).toMatchObject({ judgeId: li, kinds: ["organizer"] });
    await app.db.delete(assignments).where(eq(assignments.id, a.id));
  });

  it("lists same-city conflicts of open assignments only while the edition asks for them", async () => {
    const entry = await entryOf("东莞市教育局");
    const a = await assign(chen, entry.id);
    try {
      await setSameRegion(true);
      const listed = (await conflictedAssignments(demo.edition.id, "assigned")).find((p) => p.id === a.id);
      expect(listed).toMatchObject({ judgeId: chen, entryId: entry.id, kinds: ["region"] });
      await setSameRegion(false);
      expect((await conflictedAssignments(demo.edition.id, "assigned")).map((p) => p.id)).not.toContain(a.id);
    } finally {
      await setSameRegion(false);
      await app.db.delete(assignments).where(eq(assignments.id, a.id));
    }
  });
});

describe("recusing from an assigned entry", () => {
  it("marks the assignment recused in one audited change, and stores nothing against the unit", async () => {
    await setPhase(app, demo.edition.id, "judging");
    try {
      const entry = await entryOf("永州市文化旅游广电局");
      const a = await assign(wang, entry.id);
      const result = await recuseAssignment({ id: wang, ip: "test" }, a.id, "该单位曾邀请我参与策划");
      expect(result).toMatchObject({ assignmentId: a.id, entryId: entry.id });
      const [after] = await app.db.select().from(assignments).where(eq(assignments.id, a.id));
      expect(after?.state).toBe("recused");
      expect(await isConflicted(demo.edition.id, wang, entry.unitId)).toBe(false);
      const records = await app.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "assignment"), eq(auditLog.subjectId, String(a.id))));
      expect(records.map((r) => r.action)).toEqual(["assignment.recuse"]);
      // Again: nothing changes.
      expect(await recuseAssignment({ id: wang, ip: "test" }, a.id, "")).toEqual(result);
      expect(
        await app.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.subjectType, "assignment"), eq(auditLog.subjectId, String(a.id)))),
      ).toHaveLength(1);
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });

  it("refuses a submitted sheet and another judge's assignment", async () => {
    const entry = await entryOf("东莞市教育局");
    const submitted = await assign(li, entry.id, "submitted");
    await expect(recuseAssignment({ id: li, ip: "test" }, submitted.id, "")).rejects.toBeInstanceOf(
      AssignmentStateError,
    );
    const [still] = await app.db.select().from(assignments).where(eq(assignments.id, submitted.id));
    expect(still?.state).toBe("submitted");
    expect(await isConflicted(demo.edition.id, li, entry.unitId)).toBe(false);

    const other = await assign(wang, entry.id);
    const refused = await recuseAssignment({ id: li, ip: "test" }, other.id, "").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });
});

describe("conflicts in blind review", () => {
  /** A second entry of the same unit, so what a conflict does to "the other entry" shows. */
  async function secondEntry(first: typeof entries.$inferSelect) {
    const { id: _id, reference: _reference, ...rest } = first;
    const [row] = await app.db
      .insert(entries)
      .values({ ...rest, title: `${first.title}（二）`, reference: `${first.reference ?? "X"}-2` })
      .returning();
    if (!row) throw new Error("no entry");
    return row;
  }
  const stateOf = async (id: number) =>
    (await app.db.select().from(assignments).where(eq(assignments.id, id)))[0]?.state;

  it("shows a judge their assignments only once judging opens", async () => {
    await setPhase(app, demo.edition.id, "review");
    const entry = await entryOf("永州市公安局");
    const [existing] = await app.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.entryId, entry.id), eq(assignments.judgeId, chen)));
    const a = existing ?? (await assign(chen, entry.id));
    const judge = await demo.login("judge3");
    try {
      expect(await (await judge.get("/judge")).text()).not.toContain(`/judge/assignments/${a.id}`);
      expect((await judge.get(`/judge/assignments/${a.id}`)).status).toBe(404);
      await setPhase(app, demo.edition.id, "judging");
      expect((await judge.get(`/judge/assignments/${a.id}`)).status).toBe(200);
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });

  it("a recusal recuses only the entry in question and names no unit to the judge", async () => {
    await setPhase(app, demo.edition.id, "judging");
    try {
      const first = await entryOf("永州市文化旅游广电局");
      const second = await secondEntry(first);
      const a1 = await assign(li, first.id);
      const a2 = await assign(li, second.id);
      const judge = await demo.login("judge2");
      const res = await judge.post(`/judge/assignments/${a1.id}`, { intent: "recuse", reason: "曾参与策划" });
      expect(res.status).toBe(302);
      expect([await stateOf(a1.id), await stateOf(a2.id)]).toEqual(["recused", "assigned"]);
      expect(
        await app.db
          .select()
          .from(conflicts)
          .where(and(eq(conflicts.judgeId, li), eq(conflicts.unitId, first.unitId))),
      ).toEqual([]);
      expect(await (await judge.get("/judge/conflicts")).text()).not.toContain("永州市文化旅游广电局");
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });
  it("flags a sheet submitted before a conflict was recorded, for the organizer to keep or void, audited", async () => {
    await setPhase(app, demo.edition.id, "judging");
    try {
      const entry = await entryOf("东莞市社会保障局");
      await app.db.update(entries).set({ status: "accepted" }).where(eq(entries.id, entry.id));
      const a = await assign(wang, entry.id, "submitted");
      await app.db.insert(scoreSheets).values({ assignmentId: a.id, submittedAt: new Date() });
      const rubric = await app.db.select().from(criteria).where(eq(criteria.categoryId, entry.categoryId));
      await app.db
        .insert(scorePoints)
        .values(rubric.map((c) => ({ assignmentId: a.id, criterionId: c.id, halfPoints: c.maxPoints })));
      const actor = { id: organizer.userId, ip: "test" };
      const sheets = async () => (await runTally(actor, demo.edition.id)).sheets;
      const counted = await sheets();

      await addConflict(actor, demo.edition.id, wang, entry.unitId, "后来得知其亲属在该单位任职");
      const url = `/admin/editions/${demo.edition.id}/results`;
      const page = await (await organizer.get(url)).text();
      expect(page).toContain("回避冲突的评分表");
      expect(page).toContain(entry.title);
      expect(page).toContain("待决定");
      // Undecided, the sheet still counts.
      expect(await sheets()).toBe(counted);

      expect((await organizer.post(url, { intent: "voidSheet", assignmentId: String(a.id) })).status).toBe(
        302,
      );
      const decision = async () =>
        (await app.db.select().from(assignments).where(eq(assignments.id, a.id)))[0]?.conflictDecision;
      expect(await decision()).toBe("void");
      expect(await sheets()).toBe(counted - 1);
      expect((await organizer.post(url, { intent: "keepSheet", assignmentId: String(a.id) })).status).toBe(
        302,
      );
      expect(await decision()).toBe("keep");
      expect(await sheets()).toBe(counted);
      const records = await app.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "assignment"), eq(auditLog.subjectId, String(a.id))));
      expect(records.map((r) => r.action)).toEqual(["sheet.conflictVoid", "sheet.conflictKeep"]);

      // A sheet without a conflict has nothing to decide.
      const other = await assign(li, entry.id, "submitted");
      const refused = await organizer.post(url, { intent: "voidSheet", assignmentId: String(other.id) });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain("此评分表不在回避冲突中");
    } finally {
      await setPhase(app, demo.edition.id, "review");
    }
  });

  it("a judge's declaration against a unit leaves their list as it was; the organizer sees it, the next run applies it", async () => {
    await setPhase(app, demo.edition.id, "review");
    const first = await entryOf("广州市禁毒办");
    const second = await secondEntry(first);
    await app.db.update(entries).set({ status: "accepted" }).where(eq(entries.unitId, first.unitId));
    const a1 = await assign(chen, first.id);
    const a2 = await assign(chen, second.id);
    const judge = await demo.login("judge3");
    const declare = () =>
      judge.post("/judge/conflicts", {
        intent: "declare",
        editionId: String(demo.edition.id),
        unitId: String(first.unitId),
        reason: "曾为该单位提供培训",
      });
    expect((await declare()).status).toBe(302);
    expect([await stateOf(a1.id), await stateOf(a2.id)]).toEqual(["assigned", "assigned"]);

    // The organizer is not blind: the assignments page names the pairs the next run will replace.
    const page = await (await organizer.get(`/admin/editions/${demo.edition.id}/assignments`)).text();
    expect(page).toContain("以下评审任务与回避关系冲突");
    expect(page).toContain(first.reference ?? "missing");

    // Withdrawn: nothing was taken away, nothing is missing.
    const [declared] = await app.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.judgeId, chen), eq(conflicts.unitId, first.unitId)));
    const withdrawn = await judge.post("/judge/conflicts", {
      intent: "withdraw",
      editionId: String(demo.edition.id),
      conflictId: String(declared?.id),
    });
    expect(withdrawn.status).toBe(302);
    expect([await stateOf(a1.id), await stateOf(a2.id)]).toEqual(["assigned", "assigned"]);

    expect((await declare()).status).toBe(302);
    // Judging (when judges see their lists) cannot open before the run has applied it.
    const early = await organizer.post(`/admin/editions/${demo.edition.id}`, {
      intent: "phase",
      to: "judging",
    });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("条评审任务与回避关系冲突：请先在评审任务分配页再次运行自动分配");
    const run = await organizer.post(`/admin/editions/${demo.edition.id}/assignments`, { intent: "auto" });
    expect(run.status).toBe(200);
    expect([await stateOf(a1.id), await stateOf(a2.id)]).toEqual([undefined, undefined]);
  });
});
