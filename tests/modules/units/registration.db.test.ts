import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, invitations, throttleEvents, units, users } from "#db/schema";
import { THROTTLES } from "~/modules/throttle/throttle.server";
import { requestRegistration } from "~/modules/units/registration.server";
import { RegistrationSchema } from "~/modules/units/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { mailTo, newCreditCode, tokenIn, unitClient, withWrongCheck } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});
// Every request of this file comes from 127.0.0.1: each test starts with that address's
// registrations forgotten, so the limit is met only where a test means to meet it.
beforeEach(async () => {
  await app.db
    .delete(throttleEvents)
    .where(inArray(throttleEvents.bucket, ["registration", "registrationRecipient"]));
});

const SENT = "发送了一封邮件。请打开邮件中的链接确认注册";

/** Posts the form and checks the one answer /register gives to every valid form. */
async function register(form: Record<string, string>, client: Client = app.client()) {
  const res = await client.post("/register", form);
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  expect(html).toContain(SENT);
  expect(html).toContain(form.contactEmail ?? "");
  return html;
}

/** Opens the confirmation link mailed to the address and confirms: the new user is signed in. */
async function confirm(email: string, client: Client = app.client()) {
  const mails = await mailTo(app, email);
  const link = mails.filter((m) => m.template === "registration-confirm").at(-1);
  if (!link) throw new Error(`no confirmation link mailed to ${email}`);
  const token = tokenIn(link.text);
  const res = await client.post(`/invite/${token}`, {});
  return { res, token, client };
}

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
  it("creates nothing until the mailed link is used; then a pending unit, its user, a mail and an audit", async () => {
    const form = registration({ creditCode: newCreditCode().toLowerCase() });
    const client = app.client();
    await register(form, client);
    // Nothing exists yet but the link: an address is not anyone's account before its owner says so.
    const code = form.creditCode.toUpperCase();
    expect(await app.db.select().from(units).where(eq(units.creditCode, code))).toEqual([]);
    expect(await app.db.select().from(users).where(eq(users.email, form.contactEmail))).toEqual([]);
    expect((await client.get("/unit")).status).toBe(302);
    const [link] = await mailTo(app, form.contactEmail);
    expect(link?.template).toBe("registration-confirm");
    expect(link?.subject).toBe("请确认您的参评单位注册");
    expect(link?.text).toContain(code);
    expect(link?.text).not.toContain("东莞市测试局"); // nothing typed but the checked credit code
    expect(link?.text).not.toContain("李四");
    const [stored] = await app.db.select().from(invitations).where(eq(invitations.email, form.contactEmail));
    expect(JSON.stringify(stored?.payload)).not.toContain(form.password);

    const page = await app.client().get(`/invite/${tokenIn(link?.text ?? "")}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("东莞市测试局");
    const { res } = await confirm(form.contactEmail, client);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/unit");

    const [unit] = await app.db.select().from(units).where(eq(units.creditCode, code));
    expect(unit?.status).toBe("pending");
    expect(unit?.regionCode).toBe("441900");
    expect(unit?.regionName).toBe("广东省东莞市"); // proposed from the code
    expect(unit?.contactPhone).toBe("13912345678");
    const [user] = await app.db.select().from(users).where(eq(users.email, form.contactEmail));
    expect(user?.role).toBe("unit");
    expect(user?.unitId).toBe(unit?.id);
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const [used] = await app.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, stored?.id ?? 0));
    expect(used?.usedAt).not.toBeNull();
    expect(JSON.stringify(used?.payload)).not.toContain("argon2"); // the account holds the hash now

    const mails = await mailTo(app, form.contactEmail);
    expect(mails.map((m) => m.template)).toEqual(["registration-confirm", "registration-received"]);
    expect(mails[1]?.text).toContain("东莞市测试局");
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "unit"), eq(auditLog.subjectId, String(unit?.id))));
    expect(audits.map((a) => a.action)).toEqual(["unit.register"]);
    expect(JSON.stringify(audits[0]?.after)).not.toContain(form.password);
    expect(JSON.stringify(audits[0]?.after)).not.toContain("argon2");

    const home = await client.get("/unit");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("的注册申请正在审核中");
    expect((await client.get("/unit/accounts")).status).toBe(403);
    // The password typed on the form is the one to sign in with.
    const login = await app.client().post("/login", { email: form.contactEmail, password: form.password });
    expect(login.status).toBe(302);

    // The link works once.
    const again = await confirm(form.contactEmail);
    expect(again.res.status).toBe(410);
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

  it("answers a registered credit code as a new one, and tells the registrant by mail how to join", async () => {
    const code = newCreditCode();
    const first = registration({ creditCode: code });
    await register(first);
    expect((await confirm(first.contactEmail)).res.status).toBe(302);
    const before = await unitCount();
    const second = registration({ creditCode: code, name: "重复注册的单位", contactName: "王五" });
    const html = await register(second);
    expect(html).not.toContain("已经注册过");
    expect(html).not.toContain("重复注册的单位");
    expect(await unitCount()).toBe(before);
    expect(await app.db.select().from(users).where(eq(users.email, second.contactEmail))).toEqual([]);
    expect(await app.db.select().from(invitations).where(eq(invitations.email, second.contactEmail))).toEqual(
      [],
    );
    const mails = await mailTo(app, second.contactEmail);
    expect(mails.map((m) => m.template)).toEqual(["registration-unit-exists"]);
    expect(mails[0]?.subject).toBe("您申请注册的参评单位已经注册过");
    expect(mails[0]?.text).toContain(code);
    expect(mails[0]?.text).toContain("邀请您加入");
    // Nothing of the registered unit but what the registrant typed: not its name, not its users.
    expect(mails[0]?.text).not.toContain("东莞市测试局");
    expect(mails[0]?.text).not.toContain(first.contactEmail);
  });

  it("answers an email that has an account as a new one, and tells the account's owner", async () => {
    const existing = await app.createUser("judge");
    const before = await unitCount();
    const form = registration({ contactEmail: existing.email, password: "an intruder's password" });
    form.confirmPassword = form.password;
    await register(form);
    expect(await unitCount()).toBe(before);
    const mails = await mailTo(app, existing.email);
    expect(mails.map((m) => m.template)).toEqual(["registration-account-exists"]);
    expect(mails[0]?.subject).toBe("有人用您的邮箱申请注册评选平台");
    expect(mails[0]?.text).toContain("/login");
    expect(mails[0]?.text).toContain("/forgot-password");
    expect(mails[0]?.text).not.toContain(form.creditCode);
    expect(mails[0]?.text).not.toContain("东莞市测试局");
    // The account is untouched: its password still works, the one typed on the form does not.
    expect(
      (await app.client().post("/login", { email: existing.email, password: form.password })).status,
    ).toBe(400);
    expect((await app.client().post("/login", existing)).status).toBe(302);
  });

  it("limits the registrations of one address, refusing clearly and keeping what was typed", async () => {
    for (let n = 0; n < THROTTLES.registration.max; n++) await register(registration());
    const form = registration({ name: "第六次注册的单位" });
    const res = await app.client().post("/register", form);
    expect(res.status).toBe(429);
    const html = await res.text();
    expect(html).toContain(`注册请求过于频繁，请 ${THROTTLES.registration.windowMinutes} 分钟后再试`);
    expect(html).toContain('value="第六次注册的单位"');
    expect(html).toContain(`value="${form.contactEmail}"`);
    expect(html).not.toContain(form.password);
    expect(await mailTo(app, form.contactEmail)).toEqual([]);

    // Another address is not held back; this one may register again once the hour has passed.
    const input = RegistrationSchema.parse(registration());
    await requestRegistration(input, { ip: "203.0.113.9", locale: "zh-CN" });
    expect(await mailTo(app, input.contactEmail)).toHaveLength(1);
    const later = new Date(Date.now() + (THROTTLES.registration.windowMinutes + 1) * 60_000);
    const again = RegistrationSchema.parse(registration());
    await requestRegistration(again, { ip: "127.0.0.1", locale: "zh-CN" }, later);
    expect(await mailTo(app, again.contactEmail)).toHaveLength(1);
  });

  it("takes about the same time for a new registration, a known address and a registered credit code", async () => {
    // In process, each request from a client address of its own so no limit stops the run.
    const taken = RegistrationSchema.parse(registration());
    await requestRegistration(taken, { ip: "198.51.100.200", locale: "zh-CN" });
    await confirm(taken.contactEmail);
    // An account per request: an address receives only so many registration mails an hour.
    const owners = await Promise.all(Array.from({ length: 23 }, () => app.createUser("judge")));
    const paths = {
      new: () => registration(),
      knownAddress: () => registration({ contactEmail: owners.pop()?.email ?? "" }),
      registeredCode: () => registration({ creditCode: taken.creditCode }),
    };
    const times: Record<keyof typeof paths, number[]> = { new: [], knownAddress: [], registeredCode: [] };
    for (let i = 0; i < 23; i++) {
      for (const name of Object.keys(paths) as (keyof typeof paths)[]) {
        const input = RegistrationSchema.parse(paths[name]());
        const started = performance.now();
        await requestRegistration(input, { ip: `198.51.100.${i}`, locale: "zh-CN" });
        if (i >= 3) times[name].push(performance.now() - started); // three to warm up
      }
    }
    const quartile = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 4)] ?? 0;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.info(
      `registration requests, 20 each: ${Object.entries(times)
        .map(
          ([name, xs]) =>
            `${name} median ${median(xs).toFixed(1)} ms, lower quartile ${quartile(xs).toFixed(1)} ms`,
        )
        .join("; ")}`,
    );
    const lows = Object.values(times).map(quartile);
    // Loose: the machine is shared; the password hash makes most of each request on every path.
    expect(Math.min(...lows) / Math.max(...lows)).toBeGreaterThan(0.5);
  });

  it("mails one address only so many registrations an hour, whichever clients ask", async () => {
    const email = `target-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    for (let n = 0; n < THROTTLES.registrationRecipient.max; n++) {
      await requestRegistration(RegistrationSchema.parse(registration({ contactEmail: email })), {
        ip: `192.0.2.${n + 1}`,
        locale: "zh-CN",
      });
    }
    const res = await app.client().post("/register", registration({ contactEmail: email }));
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("注册请求过于频繁");
    expect(await mailTo(app, email)).toHaveLength(THROTTLES.registrationRecipient.max);
  });

  it("refuses a link whose credit code was registered meanwhile, creating nothing", async () => {
    const code = newCreditCode();
    const a = registration({ creditCode: code });
    const b = registration({ creditCode: code });
    await register(a);
    await register(b);
    expect((await confirm(a.contactEmail)).res.status).toBe(302);
    const before = await unitCount();
    const late = await confirm(b.contactEmail);
    expect(late.res.status).toBe(409);
    expect(await late.res.text()).toContain("该统一社会信用代码已经注册过");
    expect(await unitCount()).toBe(before);
    expect(await app.db.select().from(users).where(eq(users.email, b.contactEmail))).toEqual([]);
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
    await register(form);
    expect((await confirm(form.contactEmail, client)).res.status).toBe(302);
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
    expect(mails.map((m) => m.template)).toEqual([
      "registration-confirm",
      "registration-received",
      "unit-approved",
    ]);
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
