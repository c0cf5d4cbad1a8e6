import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "#db/schema";
import { THROTTLE } from "~/modules/auth/throttle.server";
import { type TestApp, testAppForFile } from "../../support/app";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

describe("login and logout", () => {
  it("logs in with the right password, sets a safe session cookie and sends the user home", async () => {
    const user = await app.createUser("organizer");
    const client = app.client();
    const res = await client.post("/login", { email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pingxuan_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect((await client.get("/admin")).status).toBe(200);
  });

  it("stores an argon2id hash, never the password", async () => {
    const user = await app.createUser("judge");
    const [row] = await app.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain(user.password);
  });

  it("answers a wrong password and an unknown email with the same message and keeps the email", async () => {
    const user = await app.createUser("unit");
    const wrong = await app.client().post("/login", { email: user.email, password: "wrong password" });
    const unknown = await app.client().post("/login", { email: "nobody@example.cn", password: "x" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain("邮箱或密码不正确");
    expect(b).toContain("邮箱或密码不正确");
    expect(a).toContain(`value="${user.email}"`);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith("pingxuan_session="))).toBe(false);
  });

  it("gives field-level messages for an empty or malformed email", async () => {
    const res = await app.client().post("/login", { email: "not-an-email", password: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请输入有效的邮箱地址");
    expect(html).toContain("此项为必填项");
  });

  it("answers in English when the visitor switched the language", async () => {
    const client = app.client();
    const switched = await client.post("/locale", { locale: "en", redirectTo: "/login" });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/login");
    const res = await client.post("/login", { email: "nobody@example.cn", password: "x" });
    expect(await res.text()).toContain("Wrong email or password.");
  });

  it("logs out: the session ends on the server, not only in the browser", async () => {
    const client = await app.loggedIn("organizer");
    const stolen = new Map(client.cookies);
    const res = await client.post("/logout", {});
    expect(res.status).toBe(302);
    expect((await client.get("/admin")).status).toBe(302);
    client.cookies = stolen; // replaying the old cookie does not work either
    const replay = await client.get("/admin");
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("sends an expired session to the login page", async () => {
    const client = await app.loggedIn("organizer");
    await app.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, client.userId));
    const res = await client.get("/admin/editions/new");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Feditions%2Fnew");
  });

  it("follows redirectTo only within the site", async () => {
    const user = await app.createUser("organizer");
    const evil = await app.client().post("/login", { ...user, redirectTo: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/admin");
    const good = await app.client().post("/login", { ...user, redirectTo: "/admin/mail" });
    expect(good.headers.get("location")).toBe("/admin/mail");
  });

  // Browsers drop tabs, CR and LF inside a URL and read a backslash as a slash.
  const hostile = [
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r/evil.example/phish",
    "/\\evil.example/phish",
    "\\/evil.example/phish",
    "/.//evil.example/phish",
  ];
  const headerBreaking = ["/admin\r\nSet-Cookie: x=1", "/admin\nx", "/admin\0x"];

  it("lands on a page of this site after a real login, whatever redirectTo says", async () => {
    const user = await app.createUser("organizer");
    for (const redirectTo of [...hostile, ...headerBreaking]) {
      const res = await app.client().post("/login", { ...user, redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location, app.url).origin, JSON.stringify(redirectTo)).toBe(app.url);
    }
  });

  it("keeps the language switch on this site too", async () => {
    for (const redirectTo of [...hostile, ...headerBreaking]) {
      const res = await app.client().post("/locale", { locale: "en", redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location, app.url).origin, JSON.stringify(redirectTo)).toBe(app.url);
    }
  });
});

describe("roles", () => {
  it("sends anonymous visitors of organizer pages to the login page", async () => {
    const res = await app.client().get("/admin");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it("refuses organizer pages and actions to units and judges with 403", async () => {
    for (const role of ["unit", "judge"] as const) {
      const client = await app.loggedIn(role);
      expect((await client.get("/admin")).status, role).toBe(403);
      expect((await client.get("/admin/mail")).status, role).toBe(403);
      const post = await client.post("/admin/editions/new", { name: "x" });
      expect(post.status, role).toBe(403);
    }
  });

  it("keeps judges and units out of each other's pages", async () => {
    const judge = await app.loggedIn("judge");
    const unit = await app.loggedIn("unit");
    expect((await judge.get("/judge")).status).toBe(200);
    expect((await judge.get("/unit")).status).toBe(403);
    expect((await unit.get("/unit")).status).toBe(200);
    expect((await unit.get("/judge")).status).toBe(403);
  });
});

describe("cross-site requests", () => {
  it("refuses a POST from a foreign Origin before the action runs", async () => {
    const user = await app.createUser("organizer");
    const client = app.client();
    const res = await client.post("/login", user, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a foreign Referer when there is no Origin", async () => {
    const client = await app.loggedIn("organizer");
    const res = await client.post(
      "/admin/mail",
      {},
      { origin: null, headers: { Referer: "https://evil.example/page" } },
    );
    expect(res.status).toBe(403);
  });
});

describe("throttling", () => {
  it("blocks an account from an address after repeated failures, also for the right password, and across a restart", async () => {
    const user = await app.createUser("organizer");
    for (let i = 0; i < THROTTLE.maxFailuresPerAccountAndAddress; i++) {
      const res = await app.client().post("/login", { email: user.email, password: `wrong ${i}` });
      expect(res.status).toBe(400);
    }
    const blocked = await app.client().post("/login", { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("登录失败次数过多");

    await app.restart();
    const afterRestart = await app.client().post("/login", { email: user.email, password: user.password });
    expect(afterRestart.status).toBe(429);

    // Another account from the same address is not blocked by this one's failures.
    const other = await app.createUser("organizer");
    expect((await app.client().post("/login", other)).status).toBe(302);
  });

  it("blocks an address that tries many accounts", async () => {
    const headers = { "X-Test": "spray" };
    // All test requests come from 127.0.0.1; count what is already there from earlier tests.
    for (let i = 0; i < THROTTLE.maxFailuresPerAddress; i++) {
      await app.client().post("/login", { email: `spray${i}@example.cn`, password: "x" }, { headers });
    }
    const user = await app.createUser("judge");
    const res = await app.client().post("/login", user);
    expect(res.status).toBe(429);
  });
});
