import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, editions, entries, mailOutbox } from "#db/schema";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let unitA: Awaited<ReturnType<Awaited<ReturnType<typeof withDemo>>["login"]>>;
let unitB: typeof unitA;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  unitA = await demo.login("unit1");
  unitB = await demo.login("unit2");
});

async function newDraft(client: typeof unitA, code = "QWFB"): Promise<number> {
  const res = await client.post("/unit/entries", { categoryId: String(demo.category(code).id) });
  expect(res.status).toBe(302);
  return Number(res.headers.get("location")?.split("/").pop());
}

async function version(id: number) {
  const [row] = await app.db.select({ v: entries.version }).from(entries).where(eq(entries.id, id));
  return String(row?.v);
}

function complete(client: typeof unitA, v: string, extra: Record<string, string> = {}) {
  return {
    version: v,
    title: "寒潮预警信息推送",
    accountId: String(client.accountIds[0]),
    platform: "wechat",
    link: `https://mp.weixin.qq.com/s?__biz=MzA${client.unitId}&mid=1&idx=1&sn=${Math.random().toString(36).slice(2)}`,
    publishDate: `${demo.edition.year}-01-20`,
    summary: "寒潮来临前连续推送预警与防寒指引，阅读量数万。",
    reads: "52,300",
    likes: "860",
    ...extra,
  };
}

describe("a unit's entries", () => {
  it("saves an incomplete draft, then refuses to submit it with field-level messages", async () => {
    const id = await newDraft(unitA);
    const saved = await unitA.post(`/unit/entries/${id}`, {
      intent: "save",
      version: await version(id),
      title: "半成品",
    });
    expect(saved.status).toBe(302);
    const submit = await unitA.post(`/unit/entries/${id}`, {
      intent: "submit",
      version: await version(id),
      title: "半成品",
      reads: "-5",
    });
    expect(submit.status).toBe(400);
    const html = await submit.text();
    expect(html).toContain("请输入不小于 0 的整数");
    const again = await unitA.post(`/unit/entries/${id}`, {
      intent: "submit",
      version: await version(id),
      title: "半成品",
    });
    expect(again.status).toBe(400);
    const text = await again.text();
    expect(text).toContain("提交前请补全以下标出的内容");
    expect(text).toContain("请选择发布账号");
    expect(text).toContain("半成品"); // what was typed stays in the form
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.status).toBe("draft");
    expect(row?.title).toBe("半成品");
  });

  it("submits a complete entry: reference, receipt mail, audit; submitting twice is harmless", async () => {
    const id = await newDraft(unitA);
    const v = await version(id);
    const form = { intent: "submit", ...complete(unitA, v) };
    const res = await unitA.post(`/unit/entries/${id}`, form);
    expect(res.status).toBe(302);
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.status).toBe("submitted");
    expect(row?.reference).toMatch(new RegExp(`^${demo.edition.year}-QWFB-\\d{4}$`));
    expect(row?.reads).toBe(52300);
    const again = await unitA.post(`/unit/entries/${id}`, form);
    expect(again.status).toBe(302);
    const [after] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(after?.reference).toBe(row?.reference);
    const receipts = await app.db
      .select({ n: count() })
      .from(mailOutbox)
      .where(
        and(eq(mailOutbox.template, "entry-receipt"), eq(mailOutbox.toAddress, "unit1@demo.pingxuan.cn")),
      );
    expect(receipts[0]?.n).toBe(1);
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(id)));
    expect(audits.map((a) => a.action)).toContain("entry.submit");
    const page = await (await unitA.get(`/unit/entries/${id}?submitted=1`)).text();
    expect(page).toContain(row?.reference ?? "missing");
  });

  it("refuses a save from a tab that loaded an older version, and keeps the newer text", async () => {
    const id = await newDraft(unitA);
    const v = await version(id);
    expect(
      (await unitA.post(`/unit/entries/${id}`, { intent: "save", version: v, title: "第一个标签页" })).status,
    ).toBe(302);
    const stale = await unitA.post(`/unit/entries/${id}`, {
      intent: "save",
      version: v,
      title: "第二个标签页",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("此案例已在其他窗口或由同事修改过");
    expect(html).toContain("第二个标签页");
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.title).toBe("第一个标签页");
  });

  it("hides another unit's entry (404) and refuses to change it", async () => {
    const id = await newDraft(unitA);
    expect((await unitB.get(`/unit/entries/${id}`)).status).toBe(404);
    const res = await unitB.post(`/unit/entries/${id}`, {
      intent: "save",
      version: await version(id),
      title: "篡改",
    });
    expect(res.status).toBe(404);
    expect((await unitB.post(`/unit/entries/${id}`, { intent: "delete" })).status).toBe(404);
    // 404 before the form is validated: an invalid form says nothing about the entry either.
    expect((await unitB.post(`/unit/entries/${id}`, {})).status).toBe(404);
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.title).toBe("");
    const list = await (await unitB.get("/unit/entries")).text();
    expect(list).not.toContain(`/unit/entries/${id}"`);
  });

  it("enforces the per-unit limit in a category with a clear message", async () => {
    const counted = async () => {
      const [{ n } = { n: 0 }] = await app.db
        .select({ n: count() })
        .from(entries)
        .where(
          and(
            eq(entries.unitId, unitB.unitId),
            eq(entries.categoryId, demo.category("MSFW").id),
            inArray(entries.status, ["submitted", "returned", "accepted"]),
          ),
        );
      return n;
    };
    const limit = (await counted()) + 1;
    await app.db
      .update(editions)
      .set({ entriesPerUnitPerCategory: limit })
      .where(eq(editions.id, demo.edition.id));
    try {
      const id = await newDraft(unitB, "MSFW");
      const ok = await unitB.post(`/unit/entries/${id}`, {
        intent: "submit",
        ...complete(unitB, await version(id)),
      });
      expect(ok.status).toBe(302);
      expect(await counted()).toBe(limit);
      const next = await newDraft(unitB, "MSFW");
      const over = await unitB.post(`/unit/entries/${next}`, {
        intent: "submit",
        ...complete(unitB, await version(next)),
      });
      expect(over.status).toBe(409);
      expect(await over.text()).toContain(`已提交 ${limit} 件，已达上限`);
      const [row] = await app.db.select().from(entries).where(eq(entries.id, next));
      expect(row?.status).toBe("draft");
    } finally {
      await app.db
        .update(editions)
        .set({ entriesPerUnitPerCategory: 50 })
        .where(eq(editions.id, demo.edition.id));
    }
  });

  it("refuses to submit after the deadline and keeps the draft", async () => {
    const id = await newDraft(unitA, "RMCX");
    const v = await version(id);
    await app.db
      .update(editions)
      .set({ submissionClosesAt: new Date(Date.now() - 60_000) })
      .where(eq(editions.id, demo.edition.id));
    try {
      const res = await unitA.post(`/unit/entries/${id}`, { intent: "submit", ...complete(unitA, v) });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("征集已截止");
      const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
      expect(row?.status).toBe("draft");
      expect(String(row?.version)).toBe(v);
      expect(
        (await unitA.post("/unit/entries", { categoryId: String(demo.category("RMCX").id) })).status,
      ).toBe(409);
    } finally {
      await app.db
        .update(editions)
        .set({ submissionClosesAt: demo.edition.submissionClosesAt })
        .where(eq(editions.id, demo.edition.id));
    }
  });

  it("requires a video in 短视频 and withdraws a submitted entry back to draft", async () => {
    const id = await newDraft(unitA, "DSP");
    const res = await unitA.post(`/unit/entries/${id}`, {
      intent: "submit",
      ...complete(unitA, await version(id), { platform: "douyin" }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请上传 mp4 视频或填写视频平台链接");
    const ok = await unitA.post(`/unit/entries/${id}`, {
      intent: "submit",
      ...complete(unitA, await version(id), { platform: "douyin", videoLink: "https://v.douyin.com/abc/" }),
    });
    expect(ok.status).toBe(302);
    const withdrawn = await unitA.post(`/unit/entries/${id}`, {
      intent: "withdraw",
      version: await version(id),
    });
    expect(withdrawn.status).toBe(302);
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.status).toBe("draft");
    expect(row?.reference).toMatch(/-DSP-/);
  });

  it("keeps judges and organizers out of unit pages and pending units out of entries", async () => {
    const judge = await app.loggedIn("judge");
    expect((await judge.get("/unit/entries")).status).toBe(403);
    const unitWithoutUnit = await app.loggedIn("unit"); // a unit user not attached to an approved unit
    expect((await unitWithoutUnit.get("/unit/entries")).status).toBe(403);
  });
});

describe("a submitted entry", () => {
  it("stays complete when edited before the deadline, and sends no second receipt", async () => {
    const id = await newDraft(unitA, "RMCX");
    const first = await unitA.post(`/unit/entries/${id}`, {
      intent: "submit",
      ...complete(unitA, await version(id)),
    });
    expect(first.status).toBe(302);
    const receipts = async () =>
      (await app.db.select().from(mailOutbox).where(eq(mailOutbox.template, "entry-receipt"))).length;
    const before = await receipts();
    const emptied = await unitA.post(`/unit/entries/${id}`, {
      ...complete(unitA, await version(id)),
      intent: "save",
      title: "",
    });
    expect(emptied.status).toBe(400);
    expect(await emptied.text()).toContain("此项为必填项");
    const edited = await unitA.post(`/unit/entries/${id}`, {
      ...complete(unitA, await version(id)),
      intent: "save",
      title: "改过的标题",
    });
    expect(edited.status).toBe(302);
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.status).toBe("submitted");
    expect(row?.title).toBe("改过的标题");
    expect(await receipts()).toBe(before);
  });
});

describe("the per-category limit under concurrent submits", () => {
  it("lets only as many entries through as the limit, however many submit at once", async () => {
    const unitC = await demo.login("unit3");
    const category = demo.category("QWFB");
    const counted = async () => {
      const [{ n } = { n: 0 }] = await app.db
        .select({ n: count() })
        .from(entries)
        .where(
          and(
            eq(entries.unitId, unitC.unitId),
            eq(entries.categoryId, category.id),
            inArray(entries.status, ["submitted", "returned", "accepted"]),
          ),
        );
      return n;
    };
    const limit = (await counted()) + 1;
    await app.db
      .update(editions)
      .set({ entriesPerUnitPerCategory: limit })
      .where(eq(editions.id, demo.edition.id));
    try {
      const drafts: { id: number; v: string }[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await newDraft(unitC, "QWFB");
        drafts.push({ id, v: await version(id) });
      }
      const answers = await Promise.all(
        drafts.map(({ id, v }) =>
          unitC.post(`/unit/entries/${id}`, { intent: "submit", ...complete(unitC, v) }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([302, 409, 409, 409, 409]);
      expect(await counted()).toBe(limit);
    } finally {
      await app.db
        .update(editions)
        .set({ entriesPerUnitPerCategory: 50 })
        .where(eq(editions.id, demo.edition.id));
    }
  });
});
