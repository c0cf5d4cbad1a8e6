import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { editions } from "#db/schema";
import { translator } from "~/modules/i18n/i18n";
import { type TestApp, testAppForFile } from "../support/app";
import { withDemo } from "../support/demo";

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
});

describe("the message after an action (toast)", () => {
  it("shows once on the page the action leads to, in a status region, then is gone", async () => {
    const unit = await demo.login("unit1");
    const created = await unit.post("/unit/entries", { categoryId: String(demo.category("QWFB").id) });
    expect(created.status).toBe(302);
    const location = created.headers.get("location") ?? "";
    const page = await (await unit.get(location)).text();
    expect(page).toMatch(/role="status"[^>]*>.*已新建参评案例草稿，请填写并提交。/s);
    const again = await (await unit.get(location)).text();
    expect(again).not.toContain("已新建参评案例草稿");
  });

  it("ignores a cookie that was not signed by the portal", async () => {
    const unit = await demo.login("unit2");
    const forged = Buffer.from(JSON.stringify({ key: "toast.entryAccepted", tone: "ok" })).toString("base64");
    unit.cookies.set("pingxuan_toast", encodeURIComponent(forged));
    const page = await (await unit.get("/unit/entries")).text();
    expect(page).not.toContain("已通过形式审查");
  });
});

describe("the header and tables of the design system", () => {
  it("names the edition and its phase on the edition's pages, and the user's role", async () => {
    const organizer = await demo.login("organizer");
    const page = await (await organizer.get(`/admin/editions/${demo.edition.id}/progress`)).text();
    expect(page).toMatch(/class="edition-bar".*当前评选.*2026 年度政务新媒体优秀案例评选（演示）.*征集中/s);
    expect(page).toMatch(/class="[^"]*role-badge[^"]*">主办方</);
    const home = await (await organizer.get("/admin")).text();
    expect(home).not.toContain('class="edition-bar"');
  });

  it("names the edition and its phase on its public pages too: the edition, notice and results", async () => {
    const visitor = app.client();
    const open = await (await visitor.get(`/e/${demo.edition.slug}`)).text();
    expect(open).toMatch(/class="edition-bar".*当前评选.*2026 年度政务新媒体优秀案例评选（演示）.*征集中/s);
    const [past] = await app.db
      .select()
      .from(editions)
      .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
    if (!past) throw new Error("no past demo edition");
    const published = translator("zh-CN")("phase.published");
    for (const path of [`/e/${past.slug}`, `/e/${past.slug}/notice`, `/e/${past.slug}/results`]) {
      const res = await visitor.get(path);
      expect(res.status, path).toBe(200);
      const page = await res.text();
      const bar = /<div class="edition-bar">.*?<\/div><\/div>/s.exec(page)?.[0] ?? "";
      expect(bar, path).toContain(past.name);
      expect(bar, path).toContain(published);
      // Visitors read the name; only organizers get a link to the edition's administration.
      expect(bar, path).not.toContain("/admin/editions/");
    }
  });

  it("sorts the review queue by a column link and marks the sorted header", async () => {
    const organizer = await demo.login("organizer");
    const page = await (
      await organizer.get(`/admin/editions/${demo.edition.id}/review?sort=unit&dir=desc`)
    ).text();
    expect(page).toMatch(/<th scope="col" aria-sort="descending"><a[^>]*href="[^"]*\?sort=unit&amp;dir=asc"/);
    // The database's collation decides the order; descending is ascending reversed.
    const unitsIn = (html: string) => [
      ...new Set([...html.matchAll(/<td>([^<]+(?:局|部|社|办))<\/td>/g)].map((m) => m[1] ?? "")),
    ];
    const asc = await (
      await organizer.get(`/admin/editions/${demo.edition.id}/review?sort=unit&dir=asc`)
    ).text();
    expect(unitsIn(page).length).toBeGreaterThan(1);
    expect(unitsIn(page)).toEqual(unitsIn(asc).reverse());
  });
});
