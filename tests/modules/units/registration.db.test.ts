import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, units, users } from "#db/schema";
import { type TestApp, testAppForFile } from "../../support/app";
import { mailTo, newCreditCode, unitClient, withWrongCheck } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

function registration(overrides: Record<string, string> = {}) {
  return {
    name: "东莞市测试局",
    creditCode: newCreditCode(),
    regionName: "",
    level: "city",
    type: "department",
    contactName: "李四",
    contactPhone: "13912345678",
    contactEmail: `reg-${Math.random().toString(36).slice(2, 8)}@example.cn`,
    password: "a long enough password",
    confirmPassword: "a long enough password",
    ...overrides,
  };
}

async function unitCount() {
  const [row] = await app.db.select({ n: count() }).from(units);
  return row?.n ?? 0;
}

describe("self-registration", () => {
  it("creates a pending unit and its user, queues a mail, audits, and shows the unit its state", async () => {
    const form = registration({ creditCode: newCreditCode().toLowerCase() });
    const client = app.client();
    const res = await client.post("/register", form);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/unit");

    const [unit] = await app.db
      .select()
      .from(units)
      .where(eq(units.creditCode, form.creditCode.toUpperCase()));
    expect(unit?.status).toBe("pending");
    expect(unit?.regionCode).toBe("441900");
    expect(unit?.regionName).toBe("广东省东莞市"); // proposed from the code
    expect(unit?.contactPhone).toBe("13912345678");
    const [user] = await app.db.select().from(users).where(eq(users.email, form.contactEmail));
    expect(user?.role).toBe("unit");
    expect(user?.unitId).toBe(unit?.id);
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);

    const mails = await mailTo(app, form.contactEmail);
    expect(mails.map((m) => m.template)).toEqual(["registration-received"]);
    expect(mails[0]?.text).toContain("东莞市测试局");
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "unit"), eq(auditLog.subjectId, String(unit?.id))));
    expect(audits.map((a) => a.action)).toEqual(["unit.register"]);
    expect(JSON.stringify(audits[0]?.after)).not.toContain(form.password);

    const home = await client.get("/unit");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("的注册申请正在审核中");
    expect((await client.get("/unit/accounts")).status).toBe(403);
  });

  it("refuses a wrong check character with a Chinese message and saves nothing", async () => {
    const before = await unitCount();
    const res = await app
      .client()
      .post("/register", registration({ creditCode: withWrongCheck(newCreditCode()) }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("统一社会信用代码校验位不正确");
    expect(await unitCount()).toBe(before);
  });

  it("tells a wrong length and an invalid character apart", async () => {
    const short = await app.client().post("/register", registration({ creditCode: "11441900MC12345" }));
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("统一社会信用代码应为 18 位");
    const code = newCreditCode();
    const bad = await app
      .client()
      .post("/register", registration({ creditCode: `${code.slice(0, 10)}O${code.slice(11)}` }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("含有无效字符");
  });

  it("refuses a phone number that is not a mainland mobile", async () => {
    const res = await app.client().post("/register", registration({ contactPhone: "0769-22223333" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请输入 11 位中国大陆手机号码");
  });

  it("refuses a short password and does not send the password back", async () => {
    const res = await app
      .client()
      .post("/register", registration({ password: "short", confirmPassword: "short" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("密码至少需要 10 个字符");
    expect(html).not.toContain('value="short"');
  });

  it("refuses a credit code already registered, clearly, keeping what was typed and saving nothing", async () => {
    const code = newCreditCode();
    expect((await app.client().post("/register", registration({ creditCode: code }))).status).toBe(302);
    const before = await unitCount();
    const second = registration({ creditCode: code, name: "重复注册的单位", contactName: "王五" });
    const res = await app.client().post("/register", second);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("该统一社会信用代码已经注册过");
    expect(html).toContain('value="重复注册的单位"');
    expect(html).toContain(`value="${second.contactEmail}"`);
    expect(await unitCount()).toBe(before);
    expect(await app.db.select().from(users).where(eq(users.email, second.contactEmail))).toEqual([]);
    expect(await mailTo(app, second.contactEmail)).toEqual([]);
  });

  it("refuses an email that already has an account", async () => {
    const existing = await app.createUser("judge");
    const before = await unitCount();
    const res = await app.client().post("/register", registration({ contactEmail: existing.email }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("该邮箱已经注册过账号");
    expect(await unitCount()).toBe(before);
  });

  it("is for anonymous visitors, linked from the header: signed-in users go home", async () => {
    expect(await (await app.client().get("/")).text()).toContain('href="/register"');
    expect((await app.client().get("/register")).status).toBe(200);
    const organizer = await app.loggedIn("organizer");
    const res = await organizer.get("/register");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin");
  });
});

describe("organizer review", () => {
  async function registered() {
    const form = registration();
    const client = app.client();
    expect((await client.post("/register", form)).status).toBe(302);
    const [unit] = await app.db.select().from(units).where(eq(units.creditCode, form.creditCode));
    if (!unit) throw new Error("not registered");
    return { form, client, unit };
  }

  it("keeps judges and units out of /admin/units", async () => {
    const judge = await app.loggedIn("judge");
    const unit = await unitClient(app);
    for (const path of [
      "/admin/units",
      "/admin/units/invite",
      "/admin/units/import",
      `/admin/units/${unit.unitId}`,
    ]) {
      expect((await judge.get(path)).status, path).toBe(403);
      expect((await unit.get(path)).status, path).toBe(403);
    }
    expect(
      (await unit.post("/admin/units?index", { unitId: String(unit.unitId), intent: "approve" })).status,
    ).toBe(403);
    expect((await app.client().get("/admin/units")).status).toBe(302);
  });

  it("lists pending registrations and approves one: audited, mailed, and the unit can work", async () => {
    const { form, client, unit } = await registered();
    const organizer = await app.loggedIn("organizer");
    const list = await organizer.get("/admin/units?status=pending");
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(form.creditCode);
    const found = await (await organizer.get(`/admin/units?q=${form.creditCode.slice(-6)}`)).text();
    expect(found).toContain(form.creditCode);
    const approvedOnly = await (await organizer.get("/admin/units?status=approved")).text();
    expect(approvedOnly).not.toContain(form.creditCode);

    const res = await organizer.post("/admin/units?index&status=pending", {
      unitId: String(unit.id),
      intent: "approve",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/units?status=pending");
    const [after] = await app.db.select().from(units).where(eq(units.id, unit.id));
    expect(after?.status).toBe("approved");
    expect(after?.reviewedBy).toBe(organizer.userId);
    const mails = await mailTo(app, form.contactEmail);
    expect(mails.map((m) => m.template)).toEqual(["registration-received", "unit-approved"]);
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "unit"), eq(auditLog.subjectId, String(unit.id))));
    expect(audits.map((a) => a.action)).toEqual(["unit.register", "unit.approve"]);

    const home = await (await client.get("/unit")).text();
    expect(home).not.toContain("正在审核中");
    expect(home).toContain("/unit/accounts");
    expect((await client.get("/unit/accounts")).status).toBe(200);
  });

  it("needs a reason to reject, then mails it and shows it to the unit", async () => {
    const { form, client, unit } = await registered();
    const organizer = await app.loggedIn("organizer");
    const missing = await organizer.post(`/admin/units/${unit.id}`, { intent: "reject", reason: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("请填写不通过的原因");
    expect((await app.db.select().from(units).where(eq(units.id, unit.id)))[0]?.status).toBe("pending");

    const reason = "统一社会信用代码与单位名称不符，请核实";
    const res = await organizer.post(`/admin/units/${unit.id}`, { intent: "reject", reason });
    expect(res.status).toBe(302);
    const [after] = await app.db.select().from(units).where(eq(units.id, unit.id));
    expect(after?.status).toBe("rejected");
    expect(after?.reviewReason).toBe(reason);
    const mails = await mailTo(app, form.contactEmail);
    const rejected = mails.find((m) => m.template === "unit-rejected");
    expect(rejected?.subject).toBe("您单位的注册申请未通过审核");
    expect(rejected?.text).toContain(reason);

    const home = await (await client.get("/unit")).text();
    expect(home).toContain("的注册申请未通过审核");
    expect(home).toContain(reason);
    expect((await client.get("/unit/accounts")).status).toBe(403);

    // A rejected unit is not rejected twice; it may still be approved later.
    const again = await organizer.post(`/admin/units/${unit.id}`, { intent: "reject", reason: "再次" });
    expect(again.status).toBe(409);
    expect((await organizer.post(`/admin/units/${unit.id}`, { intent: "approve" })).status).toBe(302);
    expect((await client.get("/unit/accounts")).status).toBe(200);
  });

  it("shows a unit's details with its accounts and users", async () => {
    const { form, unit } = await registered();
    const organizer = await app.loggedIn("organizer");
    const res = await organizer.get(`/admin/units/${unit.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(form.creditCode);
    expect(html).toContain(form.contactEmail);
    expect((await organizer.get("/admin/units/999999")).status).toBe(404);
  });
});
