import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, editions, entries, mailOutbox } from "#db/schema";
import { toLocalInput } from "~/modules/editions/time";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let unitA: Awaited<ReturnType<Awaited<ReturnType<typeof withDemo>>["login"]>>;
let unitB: typeof unitA;
let organizer: Client;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  unitA = await demo.login("unit1");
  unitB = await demo.login("unit2");
  organizer = await demo.login("organizer");
});

async function submitted(
  client: typeof unitA,
  extra: Record<string, string> = {},
  code = "QWFB",
): Promise<number> {
  const created = await client.post("/unit/entries", { categoryId: String(demo.category(code).id) });
  const id = Number(created.headers.get("location")?.split("/").pop());
  const [row] = await app.db.select({ v: entries.version }).from(entries).where(eq(entries.id, id));
  const res = await client.post(`/unit/entries/${id}`, {
    intent: "submit",
    version: String(row?.v),
    title: "马拉松 H5 小游戏",
    accountId: String(client.accountIds[0]),
    platform: "wechat",
    link: `https://example.gov.cn/h5/${id}`,
    publishDate: `${demo.edition.year}-03-15`,
    summary: "线上互动小游戏累计点击 400 万次。",
    ...extra,
  });
  expect(res.status, await res.clone().text()).toBe(302);
  return id;
}

async function mailsTo(email: string, template: string) {
  return app.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, template)));
}

describe("eligibility review", () => {
  it("lists submitted entries with machine checks: outside the window and the same link twice", async () => {
    const a = await submitted(unitA, { link: "https://www.example.gov.cn/case/42/?utm_source=wx" });
    const b = await submitted(unitB, { link: "http://example.gov.cn/case/42" });
    const queue = await organizer.get(`/admin/editions/${demo.edition.id}/review`);
    expect(queue.status).toBe(200);
    const html = await queue.text();
    expect(html).toContain("链接重复");
    const detail = await (await organizer.get(`/admin/entries/${a}`)).text();
    expect(detail).toContain("链接与");
    const [rowB] = await app.db.select().from(entries).where(eq(entries.id, b));
    expect(detail).toContain(rowB?.reference ?? "missing");
    // A publish date outside the window cannot be submitted by a unit, but old data or a changed
    // window can put one there: the queue shows it.
    await app.db
      .update(entries)
      .set({ publishDate: `${demo.edition.year - 1}-12-31` })
      .where(eq(entries.id, b));
    expect(await (await organizer.get(`/admin/entries/${b}`)).text()).toContain("不在统计时间");
  });

  it("counts entries per category and status on the dashboard and filters the queue", async () => {
    const res = await organizer.get(
      `/admin/editions/${demo.edition.id}/review?category=${demo.category("DSP").id}&status=submitted`,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("禁毒微电影");
    expect(html).not.toContain("寒潮来袭");
    expect(html).not.toContain("反诈情景短剧"); // returned, not submitted
    const returned = await (
      await organizer.get(`/admin/editions/${demo.edition.id}/review?status=returned`)
    ).text();
    expect(returned).toContain("反诈情景短剧");
    const none = await (
      await organizer.get(
        `/admin/editions/${demo.edition.id}/review?category=${demo.category("RMCX").id}&status=rejected`,
      )
    ).text();
    expect(none).toContain("没有符合条件的案例");
  });

  it("returns an entry with a reason and deadline; the unit revises and resubmits; the organizer accepts", async () => {
    const id = await submitted(unitA);
    const deadline = toLocalInput(new Date(Date.now() + 3 * 86_400_000)) ?? "";
    const noReason = await organizer.post(`/admin/entries/${id}`, {
      intent: "return",
      reason: "",
      revisionDeadline: deadline,
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("此项为必填项");

    const returned = await organizer.post(`/admin/entries/${id}`, {
      intent: "return",
      reason: "请补充活动效果数据截图。",
      revisionDeadline: deadline,
    });
    expect(returned.status).toBe(302);
    const mails = await mailsTo("unit1@demo.pingxuan.cn", "entry-returned");
    expect(mails.at(-1)?.text).toContain("请补充活动效果数据截图");

    const unitView = await (await unitA.get(`/unit/entries/${id}`)).text();
    expect(unitView).toContain("请补充活动效果数据截图");

    // Even after entries close, the returned entry can be revised until its own deadline.
    await app.db.update(editions).set({ phase: "review" }).where(eq(editions.id, demo.edition.id));
    try {
      const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
      const resubmit = await unitA.post(`/unit/entries/${id}`, {
        intent: "submit",
        version: String(row?.version),
        title: "马拉松 H5 小游戏（补充数据）",
        accountId: String(unitA.accountIds[0]),
        platform: "wechat",
        link: `https://example.gov.cn/h5/${id}`,
        publishDate: `${demo.edition.year}-03-15`,
        summary: "补充了效果数据。",
      });
      expect(resubmit.status).toBe(302);
      const [again] = await app.db.select().from(entries).where(eq(entries.id, id));
      expect(again?.status).toBe("submitted");
      expect(again?.reference).toBe(row?.reference);

      const accepted = await organizer.post(`/admin/entries/${id}`, { intent: "accept" });
      expect(accepted.status).toBe(302);
      const [final] = await app.db.select().from(entries).where(eq(entries.id, id));
      expect(final?.status).toBe("accepted");
      expect((await mailsTo("unit1@demo.pingxuan.cn", "entry-accepted")).length).toBeGreaterThan(0);
      const actions = (
        await app.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.subjectId, String(id)))
      ).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(["entry.submit", "entry.return", "entry.accept"]));
      // An accepted entry no longer changes.
      const locked = await unitA.post(`/unit/entries/${id}`, {
        intent: "save",
        version: String(final?.version),
        title: "x",
      });
      expect(locked.status).toBe(409);
    } finally {
      await app.db.update(editions).set({ phase: "open" }).where(eq(editions.id, demo.edition.id));
    }
  });

  it("rejects with a reason mailed to the unit", async () => {
    const id = await submitted(unitB);
    const res = await organizer.post(`/admin/entries/${id}`, {
      intent: "reject",
      reason: "作品发布于统计时间之外。",
    });
    expect(res.status).toBe(302);
    expect((await mailsTo("unit2@demo.pingxuan.cn", "entry-rejected")).at(-1)?.text).toContain(
      "作品发布于统计时间之外",
    );
  });

  it("keeps units and judges out of the review pages", async () => {
    expect((await unitA.get(`/admin/editions/${demo.edition.id}/review`)).status).toBe(403);
    const judge = await app.loggedIn("judge");
    expect((await judge.get(`/admin/editions/${demo.edition.id}/review`)).status).toBe(403);
    const id = await submitted(unitA, {}, "RMCX");
    expect((await unitA.post(`/admin/entries/${id}`, { intent: "accept" })).status).toBe(403);
    const [row] = await app.db.select().from(entries).where(eq(entries.id, id));
    expect(row?.status).toBe("submitted");
  });
});
