import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, categories, criteria, editions } from "#db/schema";
import { type Client, TestApp } from "../../support/app";

let app: TestApp;
let organizer: Client & { userId: string; email: string };
beforeAll(async () => {
  app = await TestApp.start();
  organizer = await app.loggedIn("organizer");
});
afterAll(async () => {
  await app?.stop();
});

const edition = {
  name: "2024 政务新媒体优秀案例评选",
  slug: "gd-2024",
  year: "2024",
  organizers: "南方日报社\n某大学新闻与传播学院",
  description: "征集 2024 年度优秀案例。",
  statsFrom: "2024-01-01",
  statsTo: "2024-10-31",
  submissionOpensAt: "2024-11-01T09:00",
  submissionClosesAt: "2024-11-30T18:00",
  judgesPerEntry: "5",
  blindReview: "on",
  entriesPerUnitPerCategory: "3",
  trimFrom: "5",
  dataWeightPercent: "20",
};

const category = {
  code: "QWFB",
  name: "权威发布",
  kind: "case",
  description: "",
  platforms: ["weibo", "wechat"],
  summaryMaxLength: "800",
  "tiers[0].name": "一等奖",
  "tiers[0].quota": "2",
  "tiers[1].name": "二等奖",
  "tiers[1].quota": "4",
  "criteria[0].name": "时效性",
  "criteria[0].descriptor": "首发及时",
  "criteria[0].maxPoints": "25",
  "criteria[1].name": "权威准确",
  "criteria[1].maxPoints": "25",
  "criteria[2].name": "传播力",
  "criteria[2].maxPoints": "20",
  "criteria[3].name": "互动与回应",
  "criteria[3].maxPoints": "15",
  "criteria[4].name": "表达创新",
  "criteria[4].maxPoints": "15",
};

async function editionCount() {
  const [row] = await app.db.select({ n: count() }).from(editions);
  return row?.n ?? 0;
}

let editionId = 0;

describe("edition setup", () => {
  it("refuses bad input with field-level messages, keeps what was typed, and saves nothing", async () => {
    const before = await editionCount();
    const res = await organizer.post("/admin/editions/new", {
      ...edition,
      name: "",
      slug: "Not A Slug",
      dataWeightPercent: "150",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("此项为必填项");
    expect(html).toContain("网址标识须为");
    expect(html).toContain("请输入 0 到 100 之间的整数");
    expect(html).toContain("南方日报社"); // what the organizer typed is still in the form
    expect(await editionCount()).toBe(before);
  });

  it("creates an edition, audits it and shows it in the organizer's list", async () => {
    const res = await organizer.post("/admin/editions/new", edition);
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/admin\/editions\/\d+$/);
    editionId = Number(location.split("/").pop());
    const [row] = await app.db.select().from(editions).where(eq(editions.id, editionId));
    expect(row?.phase).toBe("draft");
    expect(row?.dataWeightPercent).toBe(20);
    // 09:00 in China Standard Time is 01:00 UTC.
    expect(row?.submissionOpensAt?.toISOString()).toBe("2024-11-01T01:00:00.000Z");
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.editionId, editionId));
    expect(audits.map((a) => a.action)).toEqual(["edition.create"]);
    expect(audits[0]?.actorId).toBe(organizer.userId);
    const list = await (await organizer.get("/admin")).text();
    expect(list).toContain("2024 政务新媒体优秀案例评选");
  });

  it("refuses a second edition with the same address", async () => {
    const before = await editionCount();
    const res = await organizer.post("/admin/editions/new", { ...edition, name: "另一届" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("这个网址标识已被其他活动使用");
    expect(await editionCount()).toBe(before);
  });

  it("keeps a draft hidden from the public", async () => {
    expect((await app.client().get("/e/gd-2024")).status).toBe(404);
    expect(await (await app.client().get("/")).text()).not.toContain("2024 政务新媒体优秀案例评选");
  });

  it("refuses to open an edition without categories, with the reason", async () => {
    const res = await organizer.post(`/admin/editions/${editionId}`, { intent: "phase", to: "open" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请至少设置一个奖项类别");
    const [row] = await app.db.select().from(editions).where(eq(editions.id, editionId));
    expect(row?.phase).toBe("draft");
  });

  it("refuses a rubric that does not add up to 100 and saves no part of the category", async () => {
    const res = await organizer.post(`/admin/editions/${editionId}/categories/new`, {
      ...category,
      "criteria[4].maxPoints": "10",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("各项满分合计为 95 分，必须正好为 100 分");
    expect(html).toContain("互动与回应");
    const rows = await app.db.select().from(categories).where(eq(categories.editionId, editionId));
    expect(rows).toEqual([]);
    expect(await app.db.select({ n: count() }).from(criteria)).toEqual([{ n: 0 }]);
  });

  it("refuses a negative quota on its field", async () => {
    const res = await organizer.post(`/admin/editions/${editionId}/categories/new`, {
      ...category,
      "tiers[1].quota": "-3",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请输入 0 到 10000 之间的整数");
  });

  it("creates a category with its tiers and rubric, then opens the edition", async () => {
    const created = await organizer.post(`/admin/editions/${editionId}/categories/new`, category);
    expect(created.status).toBe(302);
    const opened = await organizer.post(`/admin/editions/${editionId}`, { intent: "phase", to: "open" });
    expect(opened.status).toBe(302);
    const [row] = await app.db.select().from(editions).where(eq(editions.id, editionId));
    expect(row?.phase).toBe("open");
    const actions = (await app.db.select().from(auditLog).where(eq(auditLog.editionId, editionId))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(["edition.create", "category.create", "edition.phase"]);
  });

  it("shows an open edition's categories, rubric and timeline on its public page", async () => {
    const res = await app.client().get("/e/gd-2024");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ["权威发布", "时效性", "首发及时", "一等奖 2 名", "2024-11-01 09:00", "微博"]) {
      expect(html).toContain(text);
    }
    expect(await (await app.client().get("/")).text()).toContain("2024 政务新媒体优秀案例评选");
    // The page's data holds what it shows, not the edition's internal settings.
    for (const internal of ["sealStorageKey", "conflictSameRegion", "trimFrom", "createdAt"]) {
      expect(html).not.toContain(internal);
    }
  });

  it("refuses a category code used twice in one edition", async () => {
    const res = await organizer.post(`/admin/editions/${editionId}/categories/new`, {
      ...category,
      name: "重复",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("本届活动已有使用这个代码的类别");
  });

  it("edits an edition; bad input on edit keeps the saved values", async () => {
    const bad = await organizer.post(`/admin/editions/${editionId}`, { ...edition, year: "abc" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("请输入整数");
    const [unchanged] = await app.db.select().from(editions).where(eq(editions.id, editionId));
    expect(unchanged?.year).toBe(2024);
    const good = await organizer.post(`/admin/editions/${editionId}`, {
      ...edition,
      name: "2024 年度评选（修订）",
    });
    expect(good.status).toBe(302);
    const [changed] = await app.db.select().from(editions).where(eq(editions.id, editionId));
    expect(changed?.name).toBe("2024 年度评选（修订）");
  });

  it("locks categories and rubrics once judging starts", async () => {
    await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, editionId));
    const [cat] = await app.db.select().from(categories).where(eq(categories.editionId, editionId));
    const res = await organizer.post(`/admin/editions/${editionId}/categories/${cat?.id}`, {
      ...category,
      "criteria[0].maxPoints": "30",
      "criteria[1].maxPoints": "20",
    });
    expect(res.status).toBe(409);
    const rows = await app.db
      .select()
      .from(criteria)
      .where(eq(criteria.categoryId, cat?.id ?? 0));
    expect(rows.find((r) => r.name === "时效性")?.maxPoints).toBe(25);
  });

  it("answers 404 for editions and categories that do not exist", async () => {
    expect((await organizer.get("/admin/editions/999999")).status).toBe(404);
    expect((await organizer.get("/admin/editions/abc")).status).toBe(404);
    expect((await organizer.get(`/admin/editions/${editionId}/categories/999999`)).status).toBe(404);
    expect((await app.client().get("/e/no-such-edition")).status).toBe(404);
  });
});
