import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, conflicts, editions } from "#db/schema";
import { placeholderPng } from "#db/seed-assets/placeholder";
import { type Client, type TestApp, testAppForFile } from "../support/app";
import { withJudging } from "../support/judging";

/*
 * Malformed input found by a probe of the running portal, each of which was answered 500: a NUL
 * or an undecodable escape in the address, out-of-range numbers in the query string, a NUL in a
 * form field that skips the zod builders, an odd file name, forms sent as other content types and
 * control characters in redirectTo. Each is a client error (4xx) or a field message, never 500.
 */
const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withJudging>>;
let organizer: Client;
let unit: Client;
let editionId = 0;
let entryId = 0;

beforeAll(async () => {
  app = testApp();
  ctx = await withJudging(app);
  organizer = await ctx.demo.login("organizer");
  unit = await ctx.demo.login("unit1");
  editionId = ctx.demo.edition.id;
  // A draft of unit1 for the upload, made while the edition still takes entries.
  await app.db.update(editions).set({ phase: "open" }).where(eq(editions.id, editionId));
  const res = await unit.post("/unit/entries", { categoryId: String(ctx.demo.category("DSP").id) });
  entryId = Number(res.headers.get("location")?.split("/").pop());
  await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, editionId));
});

async function statusOf(res: Response): Promise<number> {
  await res.arrayBuffer();
  return res.status;
}

function expectClientError(status: number, what: string) {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
}

describe("malformed addresses", () => {
  it.each([
    "/e/%00",
    "/e/%00.data",
    "/e/demo-2025/results?q=%00",
    "/e/%FF",
    "/files/%FF",
    "/verify/%FF",
    "/invite/%FF",
    "/e/%E4%B8",
    "/login?redirectTo=%0d%0aSet-Cookie:%20x=1",
    "/login?redirectTo=%00",
  ])("%s is a client error for anyone", async (url) => {
    expectClientError(await statusOf(await app.client().get(url)), url);
  });

  it("refuses NUL in the query string of signed-in pages", async () => {
    expectClientError(await statusOf(await ctx.judge1.get("/judge/conflicts?q=%00")), "conflicts");
    expectClientError(await statusOf(await organizer.get("/admin/units?q=%00")), "units");
    expectClientError(await statusOf(await organizer.get("/admin/audit?actor=%00")), "audit");
  });

  it("ignores or refuses out-of-range integers in the query string", async () => {
    for (const url of [
      `/admin/editions/${editionId}/review?category=1.5`,
      `/admin/editions/${editionId}/review?category=99999999999`,
      `/admin/editions/${editionId}/review?category=-1`,
      `/admin/editions/${editionId}/results?category=99999999999`,
      "/admin/audit?edition=99999999999",
      "/admin/audit?edition=1e3",
      "/unit/accounts?edit=99999999999",
    ]) {
      const client = url.startsWith("/unit") ? unit : organizer;
      const status = await statusOf(await client.get(url));
      expect(status, url).toBeLessThan(500);
    }
  });
});

describe("malformed forms", () => {
  it("refuses a NUL in a score-sheet comment and in a recusal reason with a field message", async () => {
    const assignment = ctx.mine[0] ?? 0;
    const sheet = await ctx.judge1.post(`/judge/assignments/${assignment}`, {
      intent: "save",
      comment: "a\u0000b",
    });
    expect(sheet.status).toBe(400);
    const recuse = await ctx.judge1.post(`/judge/assignments/${assignment}`, {
      intent: "recuse",
      reason: "利益\u0000冲突",
    });
    expect(recuse.status).toBe(400);
    expect(await recuse.text()).toContain("不能包含控制字符");
    const declared = await app.db.select().from(conflicts).where(eq(conflicts.judgeId, ctx.judge1.userId));
    expect(declared.filter((c) => c.reason.includes("\u0000"))).toEqual([]);
  });

  it("takes an upload whose file name has an equals sign", async () => {
    const form = new FormData();
    const png = placeholderPng(8, 8, [10, 20, 30]);
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "a=b.png");
    await app.db.update(editions).set({ phase: "open" }).where(eq(editions.id, editionId));
    const res = await unit.postMultipart(`/unit/entries/${entryId}`, form);
    await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, editionId));
    expect(res.status, await res.text()).toBe(302);
    const [stored] = await app.db.select().from(attachments).where(eq(attachments.entryId, entryId));
    expect(stored?.originalName).toBe("a=b.png");
  });

  it.each([
    ["application/json", '{"email":"a@b.cn","password":"x"}'],
    ["text/plain", "email=a@b.cn\npassword=x"],
    ["multipart/form-data", "--x\r\n\r\n"],
    ["multipart/form-data; boundary=x", "not a multipart body"],
    ["", "email=a"],
  ])("refuses an action posted as %j", async (type, body) => {
    for (const [client, url] of [
      [app.client(), "/login"],
      [app.client(), "/register"],
      [organizer, "/admin/editions/new"],
      [ctx.judge1, "/judge/conflicts"],
      [unit, `/unit/entries/${entryId}`],
    ] as const) {
      const headers: Record<string, string> = {
        Origin: client.base,
        Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      };
      if (type) headers["Content-Type"] = type;
      const res = await fetch(client.base + url, { method: "POST", headers, body, redirect: "manual" });
      expectClientError(await statusOf(res), `${type} to ${url}`);
    }
  });

  it.each(["/\r\nSet-Cookie: x=1", "/admin\u0000", "/\nx", "\r\n"])(
    "never answers 500 for redirectTo %j",
    async (redirectTo) => {
      const locale = await app.client().post("/locale", { locale: "en", redirectTo });
      expect(await statusOf(locale)).toBeLessThan(500);
      expect(locale.headers.get("set-cookie") ?? "").not.toMatch(/(^|,\s*)x=1/);
      const client = app.client();
      const login = await client.post("/login", {
        email: "organizer@demo.pingxuan.cn",
        password: "pingxuan-demo",
        redirectTo,
      });
      expect(await statusOf(login)).toBeLessThan(500);
    },
  );
});
