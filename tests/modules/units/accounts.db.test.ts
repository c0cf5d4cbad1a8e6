import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, invitations, units, users } from "#db/schema";
import { THROTTLES } from "~/modules/throttle/throttle.server";
import { withCheckCharacter } from "~/modules/units/credit-code";
import { createInvitation, inviteUnitUser } from "~/modules/units/invitations.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { mailTo, tokenIn, unitClient } from "./helpers";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

async function accountsOf(unitId: number) {
  return app.db.select().from(accounts).where(eq(accounts.unitId, unitId)).orderBy(accounts.id);
}

describe("a unit's accounts", () => {
  it("adds, edits and deletes its own accounts, with audit records", async () => {
    const unit = await unitClient(app);
    const created = await unit.post("/unit/accounts", {
      intent: "create",
      platform: "wechat",
      name: "莞香花开",
      handle: "gh_3a1b2c4d5e6f",
    });
    expect(created.status).toBe(302);
    const [account] = await accountsOf(unit.unitId);
    expect(account?.handle).toBe("gh_3a1b2c4d5e6f");
    const page = await (await unit.get("/unit/accounts")).text();
    expect(page).toContain("莞香花开");
    expect(page).toContain("微信公众号");

    const id = String(account?.id);
    const edited = await unit.post("/unit/accounts", {
      intent: "update",
      accountId: id,
      platform: "weibo",
      name: "东莞发布",
      handle: "https://weibo.com/dgfb",
    });
    expect(edited.status).toBe(302);
    expect((await accountsOf(unit.unitId))[0]?.platform).toBe("weibo");
    expect(await (await unit.get("/unit/accounts")).text()).toContain('href="https://weibo.com/dgfb"');

    expect((await unit.post("/unit/accounts", { intent: "delete", accountId: id })).status).toBe(302);
    expect(await accountsOf(unit.unitId)).toEqual([]);
    const actions = (
      await app.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "account"), eq(auditLog.subjectId, id)))
    ).map((a) => a.action);
    expect(actions).toEqual(["account.create", "account.update", "account.delete"]);
  });

  it("refuses a malformed WeChat original ID and a non-web link, keeping what was typed", async () => {
    const unit = await unitClient(app);
    const wechat = await unit.post("/unit/accounts", {
      intent: "create",
      platform: "wechat",
      name: "某公众号",
      handle: "gh_12345",
    });
    expect(wechat.status).toBe(400);
    const html = await wechat.text();
    expect(html).toContain("微信公众号原始 ID 应为 gh_ 加 12 位十六进制字符");
    expect(html).toContain('value="某公众号"');
    const script = await unit.post("/unit/accounts", {
      intent: "create",
      platform: "weibo",
      name: "某微博",
      handle: "javascript:alert(1)",
    });
    expect(script.status).toBe(400);
    expect(await script.text()).toContain("链接须以 http:// 或 https:// 开头");
    expect(await accountsOf(unit.unitId)).toEqual([]);
  });

  it("cannot see or change another unit's accounts (404), which stay as they were", async () => {
    const owner = await unitClient(app);
    const other = await unitClient(app);
    await owner.post("/unit/accounts", {
      intent: "create",
      platform: "douyin",
      name: "永州文旅",
      handle: "",
    });
    const [account] = await accountsOf(owner.unitId);
    const id = String(account?.id);

    expect(await (await other.get("/unit/accounts")).text()).not.toContain("永州文旅");
    expect((await other.get(`/unit/accounts?edit=${id}`)).status).toBe(404);
    const update = await other.post("/unit/accounts", {
      intent: "update",
      accountId: id,
      platform: "douyin",
      name: "改掉",
      handle: "",
    });
    expect(update.status).toBe(404);
    expect((await other.post("/unit/accounts", { intent: "delete", accountId: id })).status).toBe(404);
    expect((await accountsOf(owner.unitId)).map((a) => a.name)).toEqual(["永州文旅"]);
  });

  it("is closed to pending units, judges and organizers", async () => {
    const pending = await unitClient(app, "pending");
    expect((await pending.get("/unit/accounts")).status).toBe(403);
    expect(
      (await pending.post("/unit/accounts", { intent: "create", platform: "weibo", name: "x", handle: "" }))
        .status,
    ).toBe(403);
    expect((await pending.get("/unit/users")).status).toBe(403);
    expect((await (await app.loggedIn("judge")).get("/unit/accounts")).status).toBe(403);
    expect((await (await app.loggedIn("organizer")).get("/unit/users")).status).toBe(403);
  });
});

describe("invitations", () => {
  it("lets a unit invite a colleague, who joins the unit once; the link then refuses", async () => {
    const unit = await unitClient(app);
    const email = `colleague-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    const sent = await unit.post("/unit/users", { email, name: "赵六" });
    expect(sent.status).toBe(302);
    const [mail] = await mailTo(app, email);
    expect(mail?.template).toBe("unit-user-invitation");
    const token = tokenIn(mail?.text ?? "");
    const [stored] = await app.db.select().from(invitations).where(eq(invitations.email, email));
    expect(stored?.kind).toBe("unit-user");
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toBe(token);

    const visitor = app.client();
    const page = await visitor.get(`/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    const short = await visitor.post(`/invite/${token}`, {
      name: "赵六",
      password: "short",
      confirmPassword: "short",
    });
    expect(short.status).toBe(400);
    const accepted = await visitor.post(`/invite/${token}`, {
      name: "赵六",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/unit");
    const [user] = await app.db.select().from(users).where(eq(users.email, email));
    expect(user?.unitId).toBe(unit.unitId);
    expect(user?.name).toBe("赵六");
    expect((await visitor.get("/unit/accounts")).status).toBe(200);
    expect(await (await unit.get("/unit/users")).text()).toContain(email);

    const again = await app.client().post(`/invite/${token}`, {
      name: "冒用者",
      password: "another long password",
      confirmPassword: "another long password",
    });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("此邀请已经使用过");
    expect((await app.client().get(`/invite/${token}`)).status).toBe(410);
  });

  it("lets a unit send only so many invitations an hour, then refuses clearly, keeping what was typed", async () => {
    const unit = await unitClient(app);
    const address = (n: number | string) => `flood-${unit.unitId}-${n}@example.cn`;
    for (let n = 0; n < THROTTLES.unitUserInvitation.max; n++) {
      expect((await unit.post("/unit/users", { email: address(n), name: "" })).status).toBe(302);
    }
    const refused = await unit.post("/unit/users", { email: address("over"), name: "钱七" });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain(
      `本单位发出的邀请过多，请 ${THROTTLES.unitUserInvitation.windowMinutes} 分钟后再试`,
    );
    expect(html).toContain(`value="${address("over")}"`);
    expect(html).toContain('value="钱七"');
    expect(await mailTo(app, address("over"))).toEqual([]);
    expect(
      await app.db
        .select()
        .from(invitations)
        .where(eq(invitations.email, address("over"))),
    ).toEqual([]);

    // Another unit is not held back, and the unit may invite again once the hour has passed.
    const other = await unitClient(app);
    expect(
      (await other.post("/unit/users", { email: `other-${other.unitId}@example.cn`, name: "" })).status,
    ).toBe(302);
    const later = new Date(Date.now() + (THROTTLES.unitUserInvitation.windowMinutes + 1) * 60_000);
    await inviteUnitUser(
      { id: unit.userId, ip: "127.0.0.1", name: "测试unit" },
      unit.unitId,
      { email: address("later"), name: "" },
      "zh-CN",
      later,
    );
    expect(await mailTo(app, address("later"))).toHaveLength(1);
  });

  it("refuses an expired invitation with a clear message", async () => {
    const unit = await unitClient(app);
    const email = `late-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    await unit.post("/unit/users", { email, name: "" });
    const [mail] = await mailTo(app, email);
    const token = tokenIn(mail?.text ?? "");
    await app.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, email));
    const page = await app.client().get(`/invite/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("此邀请已过期");
    const res = await app.client().post(`/invite/${token}`, {
      name: "迟到者",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    });
    expect(res.status).toBe(410);
    expect(await app.db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it("answers 404 for an unknown token and, for now, for a judge's invitation", async () => {
    expect((await app.client().get(`/invite/${"x".repeat(43)}`)).status).toBe(404);
    const { token } = await createInvitation(app.db, {
      kind: "judge",
      email: "judge@example.cn",
      createdBy: null,
    });
    expect((await app.client().get(`/invite/${token}`)).status).toBe(404);
  });

  it("lets the organizer invite a unit, which registers through the link already approved", async () => {
    const organizer = await app.loggedIn("organizer");
    const email = `invited-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    const bad = await organizer.post("/admin/units/invite", { email: "not-an-email", name: "" });
    expect(bad.status).toBe(400);
    const sent = await organizer.post("/admin/units/invite", { email, name: "濮阳市某局" });
    expect(sent.status).toBe(302);
    const [mail] = await mailTo(app, email);
    expect(mail?.template).toBe("unit-invitation");
    const token = tokenIn(mail?.text ?? "");

    const code = withCheckCharacter("11410900MC7000001");
    const visitor = app.client();
    const res = await visitor.post(`/invite/${token}`, {
      name: "濮阳市某局",
      creditCode: code,
      regionName: "",
      level: "city",
      type: "department",
      contactName: "孙七",
      contactPhone: "15012345678",
      password: "a long enough password",
      confirmPassword: "a long enough password",
    });
    expect(res.status).toBe(302);
    const [user] = await app.db.select().from(users).where(eq(users.email, email));
    expect(user?.unitId).not.toBeNull();
    const home = await (await visitor.get("/unit")).text();
    expect(home).not.toContain("正在审核中");
    const [unit] = await app.db.select().from(units).where(eq(units.creditCode, code));
    expect(unit?.status).toBe("approved");
    expect(unit?.regionName).toBe("河南省濮阳市");
    expect(unit?.contactEmail).toBe(email);
  });
});
