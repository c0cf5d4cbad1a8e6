import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, twoFactorChallenges, users } from "#db/schema";
import { THROTTLE } from "~/modules/auth/throttle.server";
import { base32Decode, codeForStep, stepAt } from "~/modules/auth/totp";
import { type Client, type TestApp, testAppForFile } from "../../support/app";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

function code(secret: string, offset = 0): string {
  return codeForStep(base32Decode(secret), stepAt(Date.now()) + offset);
}

/** A code that is wrong for every step near now. */
function wrongCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((o) => code(secret, o)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!near.has(candidate)) return candidate;
  }
}

/** An organizer with two-step login already on. */
async function organizerWithTotp() {
  const user = await app.createUser("organizer");
  await app.db
    .update(users)
    .set({ totpSecret: SECRET, totpEnabledAt: new Date() })
    .where(eq(users.id, user.id));
  return user;
}

async function sessionCount(userId: string): Promise<number> {
  return (await app.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

function sessionCookieSet(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^pingxuan_session=[^;]/.test(c));
}

/** The password step; returns the client holding the challenge cookie. */
async function passwordStep(user: { email: string; password: string }, redirectTo?: string) {
  const client = app.client();
  const res = await client.post("/login", { ...user, ...(redirectTo ? { redirectTo } : {}) });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(
    redirectTo ? `/login/two-factor?redirectTo=${encodeURIComponent(redirectTo)}` : "/login/two-factor",
  );
  expect(sessionCookieSet(res)).toBe(false);
  return { client, res };
}

async function audits(action: string, userId: string) {
  return (await app.db.select().from(auditLog).where(eq(auditLog.action, action))).filter(
    (a) => a.subjectId === userId,
  );
}

describe("turning two-step login on at /admin/security", () => {
  it("shows a QR code and the key, and turns on only with a right code", async () => {
    const client = await app.loggedIn("organizer");
    const page = await client.get("/admin/security");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("两步登录未开启");
    expect(html).toContain('src="data:image/svg+xml;base64,');
    const [row] = await app.db.select().from(users).where(eq(users.id, client.userId));
    const secret = row?.totpSecret ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(html).toContain(secret.slice(0, 4));
    const qr = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)?.[1] ?? "";
    expect(Buffer.from(qr, "base64").toString()).toMatch(/^<svg/);
    // A reload shows the same key, so a code scanned before still matches.
    await client.get("/admin/security");
    const [again] = await app.db.select().from(users).where(eq(users.id, client.userId));
    expect(again?.totpSecret).toBe(secret);

    const malformed = await client.post("/admin/security", { intent: "enable", code: "12ab" });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("请输入 6 位数字");

    const wrong = await client.post("/admin/security", { intent: "enable", code: wrongCode(secret) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("动态码不正确");
    const [stillOff] = await app.db.select().from(users).where(eq(users.id, client.userId));
    expect(stillOff?.totpEnabledAt).toBeNull();
    expect(await audits("auth.totp.enable", client.userId)).toHaveLength(0);

    const right = await client.post("/admin/security", { intent: "enable", code: code(secret) });
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe("/admin/security?done=enabled");
    const [on] = await app.db.select().from(users).where(eq(users.id, client.userId));
    expect(on?.totpEnabledAt).toBeInstanceOf(Date);
    expect(on?.totpLastStep).toBeGreaterThan(0);
    expect(await audits("auth.totp.enable", client.userId)).toHaveLength(1);
    const after = await (await client.get("/admin/security?done=enabled")).text();
    expect(after).toContain("两步登录已开启");
    expect(after).not.toContain("data:image/svg+xml");
  });
});

describe("logging in with two-step login on", () => {
  it("asks for the code after the password, and only the code opens the session", async () => {
    const user = await organizerWithTotp();
    const { client, res } = await passwordStep(user, "/admin/mail");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pingxuan_2fa="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/login\/two-factor/);
    expect(cookie).toMatch(/Max-Age=300/);
    expect(await sessionCount(user.id)).toBe(0);
    // Only the hash of the token is stored.
    const [challenge] = await app.db
      .select()
      .from(twoFactorChallenges)
      .where(eq(twoFactorChallenges.userId, user.id));
    expect(challenge?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).not.toContain(challenge?.id ?? "-");
    const minutes = ((challenge?.expiresAt.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);

    // No session yet: the organizer pages still send to the login page.
    expect((await client.get("/admin")).status).toBe(302);
    const page = await client.get("/login/two-factor?redirectTo=%2Fadmin%2Fmail");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("6 位动态码");

    const done = await client.post("/login/two-factor", { code: code(SECRET), redirectTo: "/admin/mail" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/admin/mail");
    expect(sessionCookieSet(done)).toBe(true);
    expect(client.cookies.has("pingxuan_2fa")).toBe(false);
    expect(await sessionCount(user.id)).toBe(1);
    expect(
      await app.db.select().from(twoFactorChallenges).where(eq(twoFactorChallenges.userId, user.id)),
    ).toEqual([]);
    expect((await client.get("/admin")).status).toBe(200);
  });

  it("answers a wrong code with a field message, in the visitor's language, and keeps nothing", async () => {
    const user = await organizerWithTotp();
    const { client } = await passwordStep(user);
    const typed = wrongCode(SECRET);
    const res = await client.post("/login/two-factor", { code: typed });
    expect(res.status).toBe(400);
    const html = await res.text();
    // Under the code field, not only somewhere on the page.
    expect(html).toMatch(/<ul id="[^"]*-error" class="field-errors"[^>]*><li>动态码不正确/);
    expect(html).toContain("还可以再试 4 次");
    expect(html).not.toContain(`value="${typed}"`);
    expect(sessionCookieSet(res)).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
    expect((await client.get("/admin")).status).toBe(302);

    await client.post("/locale", { locale: "en", redirectTo: "/login/two-factor" });
    const english = await client.post("/login/two-factor", { code: wrongCode(SECRET) });
    expect(english.status).toBe(400);
    const text = await english.text();
    expect(text).toContain("Wrong code.");
    expect(text).toContain("3 tries left.");
    const empty = await client.post("/login/two-factor", { code: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("This field is required.");
  });

  it("refuses a code that was already used", async () => {
    const user = await organizerWithTotp();
    const used = code(SECRET);
    const first = await passwordStep(user);
    expect((await first.client.post("/login/two-factor", { code: used })).status).toBe(302);

    const second = await passwordStep(user);
    const replay = await second.client.post("/login/two-factor", { code: used });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("这个动态码已经用过了");
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("sends the visitor back to the login page when the challenge has expired", async () => {
    const user = await organizerWithTotp();
    const { client } = await passwordStep(user, "/admin/mail");
    await app.db
      .update(twoFactorChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(twoFactorChallenges.userId, user.id));
    const res = await client.post("/login/two-factor", { code: code(SECRET), redirectTo: "/admin/mail" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?twoFactor=expired&redirectTo=%2Fadmin%2Fmail");
    expect(sessionCookieSet(res)).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
    const page = await client.get("/login?twoFactor=expired");
    expect(await page.text()).toContain("两步验证已超时，请重新登录");
    // Without a challenge the page itself also sends back to the login page.
    const again = await client.get("/login/two-factor");
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/login?twoFactor=expired");
  });

  it("ends the challenge after five wrong codes, and the wrong codes count toward the login throttle", async () => {
    const user = await organizerWithTotp();
    const { client } = await passwordStep(user);
    for (let i = 0; i < 4; i++) {
      expect((await client.post("/login/two-factor", { code: wrongCode(SECRET) })).status).toBe(400);
    }
    const kept = new Map(client.cookies);
    const fifth = await client.post("/login/two-factor", { code: wrongCode(SECRET) });
    expect(fifth.status).toBe(302);
    expect(fifth.headers.get("location")).toBe("/login?twoFactor=ended");
    expect(
      await app.db.select().from(twoFactorChallenges).where(eq(twoFactorChallenges.userId, user.id)),
    ).toEqual([]);
    // Even the right code does nothing with the ended challenge.
    client.cookies = kept;
    const late = await client.post("/login/two-factor", { code: code(SECRET) });
    expect(late.status).toBe(302);
    expect(late.headers.get("location")).toBe("/login?twoFactor=expired");
    expect(await sessionCount(user.id)).toBe(0);
    // Five failures: the account is throttled, the right password included.
    const blocked = await app.client().post("/login", user);
    expect(blocked.status).toBe(429);
  });

  it("throttles codes after failed passwords too", async () => {
    const user = await organizerWithTotp();
    for (let i = 0; i < THROTTLE.maxFailuresPerAccountAndAddress - 2; i++) {
      expect((await app.client().post("/login", { email: user.email, password: `wrong ${i}` })).status).toBe(
        400,
      );
    }
    const { client } = await passwordStep(user);
    for (let i = 0; i < 2; i++) {
      expect((await client.post("/login/two-factor", { code: wrongCode(SECRET) })).status).toBe(400);
    }
    const res = await client.post("/login/two-factor", { code: code(SECRET) });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("登录失败次数过多");
    expect(await sessionCount(user.id)).toBe(0);
  });
});

describe("turning two-step login off", () => {
  it("needs a current code; afterwards the password alone signs in", async () => {
    const client: Client & { userId: string; email: string } = await app.loggedIn("organizer");
    await app.db
      .update(users)
      .set({ totpSecret: SECRET, totpEnabledAt: new Date() })
      .where(eq(users.id, client.userId));
    const page = await (await client.get("/admin/security")).text();
    expect(page).toContain("两步登录已开启");
    expect(page).toContain("关闭两步登录");

    const wrong = await client.post("/admin/security", { intent: "disable", code: wrongCode(SECRET) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("动态码不正确");
    const [stillOn] = await app.db.select().from(users).where(eq(users.id, client.userId));
    expect(stillOn?.totpEnabledAt).not.toBeNull();

    const right = await client.post("/admin/security", { intent: "disable", code: code(SECRET) });
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe("/admin/security?done=disabled");
    const [off] = await app.db.select().from(users).where(eq(users.id, client.userId));
    expect(off?.totpEnabledAt).toBeNull();
    expect(off?.totpSecret).toBeNull();
    expect(await audits("auth.totp.disable", client.userId)).toHaveLength(1);

    const login = await app
      .client()
      .post("/login", { email: client.email, password: "correct horse battery staple" });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/admin");
    expect(sessionCookieSet(login)).toBe(true);
  });
});

describe("accounts without two-step login", () => {
  it("log in with the password alone, as before, and have no use for the second step", async () => {
    const user = await app.createUser("organizer");
    const client = app.client();
    const res = await client.post("/login", user);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin");
    expect(sessionCookieSet(res)).toBe(true);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("pingxuan_2fa="))).toBe(false);
    const stray = await app.client().get("/login/two-factor");
    expect(stray.status).toBe(302);
    expect(stray.headers.get("location")).toBe("/login?twoFactor=expired");
  });
});
