import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, mailOutbox, passwordResets } from "#db/schema";
import { RESET } from "~/modules/auth/password-reset.server";
import { type TestApp, testAppForFile } from "../../support/app";

const testApp = testAppForFile();
let app: TestApp;

beforeAll(() => {
  app = testApp();
});

async function resetLink(email: string): Promise<string> {
  const mails = await app.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, "password-reset")));
  const text = mails.at(-1)?.text ?? "";
  const match = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return `/reset-password/${match[1]}`;
}

describe("password reset by mail", () => {
  it("answers the same for known and unknown addresses, and mails only the known one", async () => {
    const user = await app.createUser("unit");
    const known = await app.client().post("/forgot-password", { email: user.email });
    const unknown = await app.client().post("/forgot-password", { email: "nobody-here@example.cn" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toContain("如果该邮箱已注册");
    expect(await unknown.text()).toContain("如果该邮箱已注册");
    expect(await resetLink(user.email)).toMatch(/^\/reset-password\//);
    const none = await app.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, "nobody-here@example.cn"));
    expect(none).toEqual([]);
  });

  it("sets a new password, ends every old session, works once, and is audited and mailed", async () => {
    const user = await app.createUser("organizer");
    const oldSession = await app
      .client()
      .post("/login", user)
      .then(() => null);
    expect(oldSession).toBeNull();
    const signedIn = app.client();
    await signedIn.post("/login", user);
    expect((await signedIn.get("/admin")).status).toBe(200);

    await app.client().post("/forgot-password", { email: user.email });
    const link = await resetLink(user.email);
    expect((await app.client().get(link)).status).toBe(200);

    const short = await app.client().post(link, { password: "short", confirmPassword: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("10");
    const mismatch = await app
      .client()
      .post(link, { password: "a-new-long-password", confirmPassword: "different-one!" });
    expect(mismatch.status).toBe(400);

    const done = await app
      .client()
      .post(link, { password: "a-new-long-password", confirmPassword: "a-new-long-password" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/login?reset=1");

    expect((await signedIn.get("/admin")).status).toBe(302); // the old session is gone
    expect((await app.client().post("/login", user)).status).toBe(400); // the old password too
    expect(
      (await app.client().post("/login", { email: user.email, password: "a-new-long-password" })).status,
    ).toBe(302);

    const again = await app
      .client()
      .post(link, { password: "another-password!", confirmPassword: "another-password!" });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("这个重设链接已经用过了");
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.action, "user.passwordReset"));
    expect(audits.map((a) => a.subjectId)).toContain(user.id);
    const notices = await app.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.toAddress, user.email), eq(mailOutbox.template, "password-changed")));
    expect(notices).toHaveLength(1);
  });

  it("voids the account's other outstanding links once one of them is used", async () => {
    const user = await app.createUser("unit");
    await app.client().post("/forgot-password", { email: user.email });
    const first = await resetLink(user.email);
    await app.client().post("/forgot-password", { email: user.email });
    const second = await resetLink(user.email);
    expect(second).not.toBe(first);

    const done = await app
      .client()
      .post(second, { password: "a-new-long-password", confirmPassword: "a-new-long-password" });
    expect(done.status).toBe(302);
    // The older link, still unexpired, no longer sets a password.
    expect((await app.client().get(first)).status).toBe(410);
    const late = await app
      .client()
      .post(first, { password: "an-attackers-password", confirmPassword: "an-attackers-password" });
    expect(late.status).toBe(410);
    expect(
      (await app.client().post("/login", { email: user.email, password: "a-new-long-password" })).status,
    ).toBe(302);
  });

  it("refuses an expired link and an unknown one", async () => {
    const user = await app.createUser("judge");
    await app.client().post("/forgot-password", { email: user.email });
    const link = await resetLink(user.email);
    await app.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.email, user.email));
    const res = await app.client().get(link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("这个重设链接已过期");
    expect((await app.client().get("/reset-password/not-a-real-token")).status).toBe(404);
  });

  it("throttles requests per address", async () => {
    const user = await app.createUser("unit");
    for (let i = 0; i < RESET.perEmailPerHour; i++) {
      expect((await app.client().post("/forgot-password", { email: user.email })).status).toBe(200);
    }
    const blocked = await app.client().post("/forgot-password", { email: user.email });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("请求过于频繁");
  });

  it("gives a field message for a malformed address", async () => {
    const res = await app.client().post("/forgot-password", { email: "not-an-email" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请输入有效的邮箱地址");
  });
});
