import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, judgeCategories, judges, users } from "#db/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { mailTo, tokenIn, upload } from "../units/helpers";
import { uniqueEmail, withDemoJudges, XLSX, xlsx } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemoJudges>>;
let organizer: Client;
let base: string;

beforeAll(async () => {
  app = testApp();
  demo = await withDemoJudges(app);
  organizer = await demo.login("organizer");
  base = `/admin/editions/${demo.edition.id}/judges`;
});

const PASSWORD = "a long enough password";

function inviteForm(overrides: Record<string, string | string[]> = {}) {
  return {
    email: uniqueEmail("judge"),
    name: "周教授",
    title: "教授",
    affiliation: "某大学新闻学院",
    categoryIds: [String(demo.category("QWFB").id), String(demo.category("DSP").id)],
    ...overrides,
  };
}

async function invite(overrides: Record<string, string | string[]> = {}) {
  const form = inviteForm(overrides);
  const res = await organizer.post(`${base}/invite`, form);
  return { form, res };
}

async function panelsOf(userId: string) {
  const rows = await app.db.select().from(judgeCategories).where(eq(judgeCategories.judgeId, userId));
  return rows.map((r) => r.categoryId).sort();
}

describe("inviting a judge", () => {
  it("mails a single-use link; accepting it sets the password, creates the judge with panels and lands on /judge", async () => {
    const { form, res } = await invite();
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("sent=");
    const [mail] = await mailTo(app, form.email);
    expect(mail?.template).toBe("judge-invitation");
    expect(mail?.subject).toContain(demo.edition.name);
    expect(mail?.text).toContain("权威发布、短视频");
    expect(mail?.text).toContain("有效期至");
    const token = tokenIn(mail?.text ?? "");
    const [invitation] = await app.db.select().from(invitations).where(eq(invitations.email, form.email));
    expect(invitation?.kind).toBe("judge");
    expect(invitation?.payload).toMatchObject({ title: "教授", editionId: demo.edition.id });

    const visitor = app.client();
    const page = await visitor.get(`/invite/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(demo.edition.name);
    expect(html).toContain('value="周教授"'); // the name is prefilled
    expect(html).toContain("权威发布、短视频");

    const short = await visitor.post(`/invite/${token}`, {
      name: "周教授",
      password: "short",
      confirmPassword: "short",
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("密码至少需要 10 个字符");
    const mismatch = await visitor.post(`/invite/${token}`, {
      name: "周教授",
      password: PASSWORD,
      confirmPassword: `${PASSWORD}!`,
    });
    expect(mismatch.status).toBe(400);

    const accepted = await visitor.post(`/invite/${token}`, {
      name: "周某某",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/judge");
    const home = await visitor.get("/judge");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/judge/conflicts"');

    const [user] = await app.db.select().from(users).where(eq(users.email, form.email));
    expect(user?.role).toBe("judge");
    expect(user?.name).toBe("周某某");
    const [profile] = await app.db
      .select()
      .from(judges)
      .where(eq(judges.userId, user?.id ?? ""));
    expect(profile).toMatchObject({
      title: "教授",
      affiliation: "某大学新闻学院",
      unitId: null,
      regionCode: "",
    });
    expect(await panelsOf(user?.id ?? "")).toEqual(
      [demo.category("QWFB").id, demo.category("DSP").id].sort(),
    );
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "judge"), eq(auditLog.subjectId, user?.id ?? "")));
    expect(audits.map((a) => a.action)).toContain("judge.create");

    // Single use.
    const again = await app.client().post(`/invite/${token}`, {
      name: "别人",
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(again.status).toBe(410);
    expect((await app.client().get(`/invite/${token}`)).status).toBe(410);

    // The new judge logs in and lands on /judge.
    const login = await app.client().post("/login", { email: form.email, password: PASSWORD });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/judge");
  });

  it("refuses an expired invitation", async () => {
    const { form } = await invite();
    const [mail] = await mailTo(app, form.email);
    const token = tokenIn(mail?.text ?? "");
    await app.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, form.email));
    expect((await app.client().get(`/invite/${token}`)).status).toBe(410);
    const res = await app
      .client()
      .post(`/invite/${token}`, { name: "周", password: PASSWORD, confirmPassword: PASSWORD });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("此邀请已过期");
    expect(await app.db.select().from(users).where(eq(users.email, form.email))).toEqual([]);
  });

  it("links a registered unit by its credit code; the city defaults to the unit's", async () => {
    const unit = demo.unit("东莞市教育局");
    const { form, res } = await invite({
      unitCreditCode: unit.creditCode.toLowerCase(),
      affiliation: "东莞市教育局",
    });
    expect(res.status).toBe(302);
    const token = tokenIn((await mailTo(app, form.email))[0]?.text ?? "");
    const accepted = await app
      .client()
      .post(`/invite/${token}`, { name: "林主任", password: PASSWORD, confirmPassword: PASSWORD });
    expect(accepted.status).toBe(302);
    const [user] = await app.db.select().from(users).where(eq(users.email, form.email));
    const [profile] = await app.db
      .select()
      .from(judges)
      .where(eq(judges.userId, user?.id ?? ""));
    expect(profile?.unitId).toBe(unit.id);
    expect(profile?.regionCode).toBe("441900");
  });

  it("explains bad input field by field and keeps what was typed", async () => {
    const unitUser = await demo.login("unit1");
    const [unitRow] = await app.db.select().from(users).where(eq(users.id, unitUser.userId));
    const taken = await invite({ email: unitRow?.email ?? "" });
    expect(taken.res.status).toBe(400);
    expect(await taken.res.text()).toContain("该邮箱已被非评委账号使用");

    const unknown = await invite({ unitCreditCode: "91350100M000100Y43", affiliation: "某未注册单位" });
    expect(unknown.res.status).toBe(400);
    const html = await unknown.res.text();
    expect(html).toContain("没有使用该统一社会信用代码注册的单位");
    expect(html).toContain('value="某未注册单位"');

    const noCategories = await invite({ categoryIds: [], regionCode: "4419" });
    expect(noCategories.res.status).toBe(400);
    const text = await noCategories.res.text();
    expect(text).toContain("请至少选择一个评审类别");
    expect(text).toContain("行政区划代码应为 6 位数字");
  });

  it("adds an existing judge to the panels directly and tells them by mail", async () => {
    const existing = await app.createUser("judge");
    const { res } = await invite({ email: existing.email, categoryIds: [String(demo.category("MSFW").id)] });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("added=");
    expect(await panelsOf(existing.id)).toEqual([demo.category("MSFW").id]);
    const [mail] = await mailTo(app, existing.email);
    expect(mail?.text).toContain("/login");
    expect(await app.db.select().from(invitations).where(eq(invitations.email, existing.email))).toEqual([]);
  });
});

describe("the organizer's judge pages", () => {
  it("lists the panels with names, titles, affiliations, categories and conflicts", async () => {
    const res = await organizer.get(base);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("王教授");
    expect(html).toContain("某大学新闻与传播学院");
    expect(html).toContain("东莞市委宣传部");
    expect(html).toContain("权威发布、融媒创新、民生服务、短视频");
    const edition = await organizer.get(`/admin/editions/${demo.edition.id}`);
    expect(await edition.text()).toContain(`href="${base}"`);
  });

  it("edits a judge's profile and panels, audited", async () => {
    const judgeId = demo.judgeUserIds[1] as string;
    const page = await organizer.get(`${base}/${judgeId}`);
    expect(page.status).toBe(200);
    const res = await organizer.post(`${base}/${judgeId}`, {
      intent: "profile",
      name: "李研究员",
      title: "二级研究员",
      affiliation: "某省社会科学院",
      regionCode: "430100",
      categoryIds: [String(demo.category("RMCX").id)],
    });
    expect(res.status).toBe(302);
    const [profile] = await app.db.select().from(judges).where(eq(judges.userId, judgeId));
    expect(profile?.title).toBe("二级研究员");
    expect(await panelsOf(judgeId)).toEqual([demo.category("RMCX").id]);
    const [user] = await app.db.select().from(users).where(eq(users.id, judgeId));
    expect(user?.name).toBe("李研究员");
    const [record] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "judge.update"), eq(auditLog.subjectId, judgeId)));
    expect(record?.editionId).toBe(demo.edition.id);

    const bad = await organizer.post(`${base}/${judgeId}`, {
      intent: "profile",
      name: "",
      title: "研究员",
      affiliation: "某省社会科学院",
      categoryIds: [String(demo.category("RMCX").id)],
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("此项为必填项");
    expect((await organizer.get(`${base}/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  it("are for organizers only", async () => {
    const judgeId = demo.judgeUserIds[0] as string;
    const unit = await demo.login("unit2");
    const judge = await demo.login("judge1");
    for (const client of [unit, judge]) {
      for (const path of [base, `${base}/invite`, `${base}/import`, `${base}/${judgeId}`]) {
        expect((await client.get(path)).status, path).toBe(403);
      }
      expect((await client.post(`${base}/invite`, inviteForm())).status).toBe(403);
      expect(
        (await client.post(`${base}/${judgeId}`, { intent: "removeConflict", conflictId: "1" })).status,
      ).toBe(403);
      const bytes = await xlsx([["姓名"]]);
      expect((await upload(client, `${base}/import`, { name: "a.xlsx", bytes, type: XLSX })).status).toBe(
        403,
      );
    }
    expect((await app.client().get(base)).status).toBe(302);
  });
});

describe("importing judges", () => {
  it("invites the good rows of an .xlsx file and reports why each bad row was refused", async () => {
    const existing = await app.createUser("judge");
    const unitUser = await app.createUser("unit");
    const e = { a: uniqueEmail("a"), b: uniqueEmail("b"), dup: uniqueEmail("dup") };
    const file = await xlsx([
      ["姓名", "邮箱", "职称", "单位", "统一社会信用代码", "地区代码", "评审类别"],
      ["甲教授", e.a, "教授", "某大学", "", "440100", "QWFB;DSP"],
      [
        "乙主任",
        e.b,
        "主任",
        "东莞市委宣传部",
        demo.unit("东莞市委宣传部").creditCode,
        "",
        "权威发布、融媒创新",
      ],
      ["丙", uniqueEmail("c"), "教授", "某大学", "", "", "QWFB;XXXX"],
      ["丁", "not-an-email", "教授", "某大学", "", "", "QWFB"],
      ["戊", e.dup, "教授", "某大学", "", "", "qwfb"],
      ["己", e.dup, "教授", "某大学", "", "", "QWFB"],
      ["庚", unitUser.email, "教授", "某大学", "", "", "QWFB"],
      ["辛", existing.email, "教授", "某大学", "", "", "民生服务, DSP"],
      ["壬", uniqueEmail("r"), "教授", "某单位", "91350100M000100Y43", "", "QWFB"],
      [],
    ]);
    const res = await upload(organizer, `${base}/import`, { name: "judges.xlsx", bytes: file, type: XLSX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("共 9 行：邀请 3 位新评委，1 位已有评委加入评审组，5 行未导入");
    for (const reason of [
      "本届没有评审类别「XXXX」",
      "请输入有效的邮箱地址",
      "与第 6 行的邮箱重复",
      "该邮箱已经有账号",
      "没有使用该统一社会信用代码注册的单位",
    ]) {
      expect(html, reason).toContain(reason);
    }
    const [a] = await app.db.select().from(invitations).where(eq(invitations.email, e.a));
    expect(a?.payload).toMatchObject({
      regionCode: "440100",
      categoryIds: [demo.category("QWFB").id, demo.category("DSP").id],
    });
    const [b] = await app.db.select().from(invitations).where(eq(invitations.email, e.b));
    expect(b?.payload).toMatchObject({
      unitId: demo.unit("东莞市委宣传部").id,
      regionCode: "441900",
      categoryIds: [demo.category("QWFB").id, demo.category("RMCX").id],
    });
    expect(await panelsOf(existing.id)).toEqual([demo.category("MSFW").id, demo.category("DSP").id].sort());
    expect((await mailTo(app, e.a))[0]?.template).toBe("judge-invitation");
    const imports = await app.db.select().from(auditLog).where(eq(auditLog.action, "judge.import"));
    expect(imports.length).toBeGreaterThanOrEqual(3);
  });

  it("imports a .csv file with English headers and reports bad rows", async () => {
    const good = uniqueEmail("csv");
    const lines = [
      "Name,Email,Title,Affiliation,Categories,Note",
      `Prof. Zhang,${good},Professor,"Some University, School of Journalism","QWFB, RMCX",ok`,
      `No Category,${uniqueEmail("x")},Professor,Some University,,`,
      `,${uniqueEmail("y")},Professor,Some University,QWFB,`,
    ];
    const bytes = new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
    const res = await upload(organizer, `${base}/import`, { name: "judges.csv", bytes, type: "text/csv" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("共 3 行：邀请 1 位新评委，0 位已有评委加入评审组，2 行未导入");
    expect(html).toContain("此项为必填项");
    const [invitation] = await app.db.select().from(invitations).where(eq(invitations.email, good));
    expect(invitation?.name).toBe("Prof. Zhang");
    expect(invitation?.payload).toMatchObject({ affiliation: "Some University, School of Journalism" });
  });

  it("refuses a file without the needed columns", async () => {
    const bytes = await xlsx([
      ["姓名", "备注"],
      ["某人", ""],
    ]);
    const res = await upload(organizer, `${base}/import`, { name: "a.xlsx", bytes, type: XLSX });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("缺少以下列：邮箱、职称、单位、评审类别");
  });
});
