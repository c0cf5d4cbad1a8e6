import { and, desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, editions, mailOutbox, objections, results, tierOverrides } from "#db/schema";
import { ObjectionThrottledError, submitObjection } from "~/modules/results/objections.server";
import { OBJECTION_THROTTLE } from "~/modules/results/publication-schema";
import { latestPublication, publicationAwards, publishNotice } from "~/modules/results/publish.server";
import { runTally } from "~/modules/tally/tally.server";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { resetToJudging, tallied, withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;
let organizer: Client;
const day = 86_400_000;

beforeEach(async () => {
  app = testApp();
  if (!ctx) {
    ctx = await withPastEditionInJudging(app);
    organizer = await ctx.demo.login("organizer");
  } else await resetToJudging(app, ctx.past.id);
  await app.db.delete(mailOutbox);
});

/** The past edition tallied and its notice published now (the period runs for five working days). */
async function noticed() {
  await tallied(app, ctx);
  const notice = await publishNotice(ctx.actor, ctx.past.id);
  const listed = await publicationAwards(notice.id);
  return { notice, listed };
}

const noticeUrl = () => `/e/${ctx.past.slug}/notice`;
const adminUrl = () => `/admin/editions/${ctx.past.id}/publication`;

function objection(entryId: number | null | undefined, extra: Record<string, string> = {}) {
  return {
    name: "李实名",
    phone: "13812345678",
    email: "objector@example.cn",
    entryId: String(entryId ?? ""),
    reason: "该案例的发布日期不在统计时间内。",
    ...extra,
  };
}

async function savedObjections() {
  return app.db.select().from(objections).where(eq(objections.editionId, ctx.past.id));
}

describe("the public notice page", () => {
  it("is 404 before any notice was published", async () => {
    const res = await app.client().get(noticeUrl());
    expect(res.status).toBe(404);
  });

  it("shows the latest notice by category and tier, with the period and the form", async () => {
    const { listed } = await noticed();
    const html = await (await app.client().get(noticeUrl())).text();
    const first = listed[0];
    expect(html).toContain(first?.categoryName);
    expect(html).toContain(first?.tierName);
    expect(html).toContain(first?.entryTitle);
    expect(html).toContain("公示期");
    expect(html).toContain('name="reason"');
  });
});

describe("objections from the public", () => {
  it("are saved during the notice period and shown to the organizer", async () => {
    const { listed } = await noticed();
    const entry = listed[2];
    const res = await app.client().post(noticeUrl(), objection(entry?.entryId));
    expect(res.status).toBe(302);
    const saved = await savedObjections();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: "李实名", phone: "13812345678", status: "open", ip: "127.0.0.1" });
    const page = await (await organizer.get(adminUrl())).text();
    expect(page).toContain("李实名");
    expect(page).toContain("该案例的发布日期不在统计时间内。");
    expect(page).toContain(entry?.entryTitle);
  });

  it("are refused before the period starts, after it ends, and outside the notice phase", async () => {
    const { listed } = await noticed();
    const form = objection(listed[0]?.entryId);
    const now = Date.now();
    const cases = [
      {
        noticeStartsAt: new Date(now + day),
        noticeEndsAt: new Date(now + 5 * day),
        phase: "notice" as const,
      },
      {
        noticeStartsAt: new Date(now - 6 * day),
        noticeEndsAt: new Date(now - day),
        phase: "notice" as const,
      },
      { noticeStartsAt: new Date(now - day), noticeEndsAt: new Date(now + day), phase: "published" as const },
    ];
    for (const c of cases) {
      await app.db.update(editions).set(c).where(eq(editions.id, ctx.past.id));
      const res = await app.client().post(noticeUrl(), form);
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("当前不在公示期内，不受理异议。");
    }
    expect(await savedObjections()).toHaveLength(0);
    // The list itself stays readable after the period, without the form.
    const html = await (await app.client().get(noticeUrl())).text();
    expect(html).toContain(listed[0]?.entryTitle);
    expect(html).not.toContain('name="reason"');
  });

  it("bad input gets field messages, keeps what was typed, and saves nothing", async () => {
    const { listed } = await noticed();
    const res = await app
      .client()
      .post(noticeUrl(), objection(listed[0]?.entryId, { name: "李", phone: "1234", email: "", reason: "" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请填写真实姓名。");
    expect(html).toContain("请输入 11 位中国大陆手机号。");
    expect(html).toContain("此项为必填项。");
    expect(html).toContain('value="1234"');

    const noContact = await app
      .client()
      .post(noticeUrl(), objection(listed[0]?.entryId, { phone: "", email: "", reason: "理由保留" }));
    expect(noContact.status).toBe(400);
    const text = await noContact.text();
    expect(text).toContain("请至少填写手机号或邮箱中的一项。");
    expect(text).toContain("理由保留");

    const tooLong = await app
      .client()
      .post(noticeUrl(), objection(listed[0]?.entryId, { reason: "长".repeat(2001) }));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("不能超过 2000 个字符。");

    // An entry that is not on the notice list.
    const notListed = await app.client().post(noticeUrl(), objection(999_999));
    expect(notListed.status).toBe(400);
    expect(await notListed.text()).toContain("请从公示名单中选择案例。");
    expect(await savedObjections()).toHaveLength(0);
  });

  it("are throttled per address after the limit, saying when to try again", async () => {
    const { listed } = await noticed();
    for (let i = 0; i < OBJECTION_THROTTLE.max; i++) {
      const res = await app.client().post(noticeUrl(), objection(listed[i % listed.length]?.entryId));
      expect(res.status).toBe(302);
    }
    const res = await app.client().post(noticeUrl(), objection(listed[0]?.entryId));
    expect(res.status).toBe(429);
    const html = await res.text();
    expect(html).toMatch(/请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）之后再试/);
    expect(html).toContain("李实名");
    expect(await savedObjections()).toHaveLength(OBJECTION_THROTTLE.max);
  });

  it("are throttled per IPv6 /64, not per single address of it", async () => {
    const { listed } = await noticed();
    const entryId = listed[0]?.entryId ?? 0;
    const input = { name: "李实名", phone: "13812345678", email: "", entryId, reason: "发布日期不符。" };
    for (let i = 0; i < OBJECTION_THROTTLE.max; i++) {
      await submitObjection(ctx.past.id, input, `2001:db8:c:1:${(i + 1).toString(16)}::1`);
    }
    await expect(submitObjection(ctx.past.id, input, "2001:db8:c:1:ffff::2")).rejects.toBeInstanceOf(
      ObjectionThrottledError,
    );
    await submitObjection(ctx.past.id, input, "2001:db8:c:2::1");
    expect(await savedObjections()).toHaveLength(OBJECTION_THROTTLE.max + 1);
  });
});

describe("the organizer's decisions", () => {
  async function withObjection(index = 0, email = "objector@example.cn") {
    const { listed, notice } = await noticed();
    const entry = listed[index];
    const res = await app.client().post(noticeUrl(), objection(entry?.entryId, { email }));
    expect(res.status).toBe(302);
    const [saved] = await savedObjections();
    if (!saved || !entry) throw new Error("no objection");
    return { saved, entry, listed, notice };
  }

  it("a reply is required, with a field message that keeps the decision", async () => {
    const { saved } = await withObjection();
    const res = await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "dismiss",
      reply: "",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("此项为必填项。");
    const [still] = await savedObjections();
    expect(still?.status).toBe("open");
  });

  it("dismissing with a reply mails the objector and is audited; the list stays", async () => {
    const { saved, notice } = await withObjection();
    const res = await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "dismiss",
      reply: "经核查，发布日期在统计时间内。",
    });
    expect(res.status).toBe(302);
    const [decided] = await savedObjections();
    expect(decided).toMatchObject({ status: "dismissed", reply: "经核查，发布日期在统计时间内。" });
    const mails = await app.db.select().from(mailOutbox).where(eq(mailOutbox.template, "objection-decided"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.toAddress).toBe("objector@example.cn");
    expect(mails[0]?.locale).toBe("zh-CN");
    expect(mails[0]?.text).toContain("经核查，发布日期在统计时间内。");
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "objection.dismiss"), eq(auditLog.subjectId, String(saved.id))));
    expect(audits).toHaveLength(1);
    expect((await latestPublication(ctx.past.id, "notice"))?.version).toBe(notice.version);
  });

  it("no mail when the objector left only a phone number", async () => {
    const { saved } = await withObjection(0, "");
    await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "dismiss",
      reply: "不成立。",
    });
    expect(await app.db.select().from(mailOutbox)).toHaveLength(0);
  });

  it("upholding removes the entry from the next notice version, audited with the objection", async () => {
    const { saved, entry, listed, notice } = await withObjection(1);
    const res = await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "remove",
      reply: "异议成立，撤下该案例。",
    });
    expect(res.status).toBe(302);
    const next = await latestPublication(ctx.past.id, "notice");
    expect(next?.version).toBe(notice.version + 1);
    const nextList = await publicationAwards(next?.id ?? 0);
    expect(nextList).toHaveLength(listed.length - 1);
    expect(nextList.map((a) => a.entryId)).not.toContain(entry.entryId);
    const [override] = await app.db
      .select()
      .from(tierOverrides)
      .where(eq(tierOverrides.entryId, entry.entryId ?? 0));
    expect(override).toMatchObject({ tierId: null, objectionId: saved.id });
    const actions = (
      await app.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.editionId, ctx.past.id))
        .orderBy(desc(auditLog.id))
        .limit(3)
    ).map((a) => a.action);
    expect(actions).toEqual(["objection.uphold", "results.publishNotice", "results.objectionOverride"]);
    // The public page shows the new version without the entry.
    const html = await (await app.client().get(noticeUrl())).text();
    expect(html).not.toContain(entry.entryTitle);
    const mails = await app.db.select().from(mailOutbox);
    expect(mails.map((m) => m.template)).toEqual(["objection-decided"]);
  });

  it("upholding with a new tier re-tiers the entry; a tier is required for that", async () => {
    const { saved, entry, listed } = await withObjection(0);
    const missing = await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "retier",
      reply: "调整奖级。",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("调整奖级时请选择新的奖级。");
    const other = listed.find((a) => a.categoryId === entry.categoryId && a.tierId !== entry.tierId);
    const res = await organizer.post(adminUrl(), {
      intent: "decide",
      objectionId: String(saved.id),
      decision: "retier",
      tierId: String(other?.tierId),
      reply: "调整奖级。",
    });
    expect(res.status).toBe(302);
    const next = await latestPublication(ctx.past.id, "notice");
    const moved = (await publicationAwards(next?.id ?? 0)).find((a) => a.entryId === entry.entryId);
    expect(moved?.tierId).toBe(other?.tierId);
    expect(moved?.overridden).toBe(true);
  });

  it("the notice period can be extended, in CST, and not set in the past", async () => {
    await noticed();
    const past = await organizer.post(adminUrl(), { intent: "period", noticeEndsAt: "2020-01-01T12:00" });
    expect(past.status).toBe(400);
    const html = await past.text();
    expect(html).toContain("截止时间须晚于现在和公示开始时间。");
    expect(html).toContain('value="2020-01-01T12:00"');
    const year = new Date().getUTCFullYear() + 1;
    const res = await organizer.post(adminUrl(), { intent: "period", noticeEndsAt: `${year}-03-02T18:00` });
    expect(res.status).toBe(302);
    const [edition] = await app.db.select().from(editions).where(eq(editions.id, ctx.past.id));
    expect(edition?.noticeEndsAt?.toISOString()).toBe(`${year}-03-02T10:00:00.000Z`);
  });

  it("publishing problems are shown as messages, with a link to settle ties", async () => {
    const run = await runTally(ctx.actor, ctx.past.id);
    const wrongPhase = await organizer.post(adminUrl(), { intent: "notice" });
    expect(wrongPhase.status).toBe(409);
    expect(await wrongPhase.text()).toContain("当前阶段不能执行此操作。");
    await app.db.update(editions).set({ phase: "tallied" }).where(eq(editions.id, ctx.past.id));
    await app.db.update(results).set({ tieAtBoundary: true }).where(eq(results.snapshotId, run.snapshotId));
    const ties = await organizer.post(adminUrl(), { intent: "notice" });
    expect(ties.status).toBe(409);
    const html = await ties.text();
    expect(html).toContain("有跨奖级的并列尚未处理。");
    expect(html).toContain(`href="/admin/editions/${ctx.past.id}/results"`);
    expect(await latestPublication(ctx.past.id, "notice")).toBeUndefined();
  });
});
