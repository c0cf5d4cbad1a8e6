import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { editions, users } from "#db/schema";
import {
  currentAwards,
  latestPublication,
  publicationAwards,
  publishFinal,
  publishNotice,
} from "~/modules/results/publish.server";
import { runTally } from "~/modules/tally/tally.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";
import { resetToJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let past: typeof editions.$inferSelect;
let actor: { id: string; ip: string };
const day = 86_400_000;

/** The text a visitor's page carries (the slides come with the page, as data). */
async function page(client: ReturnType<TestApp["client"]>, slug: string) {
  const res = await client.get(`/e/${slug}/ceremony`);
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  app = testApp();
  const demo = await withDemo(app);
  const [found] = await app.db
    .select()
    .from(editions)
    .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
  if (!found) throw new Error("no past demo edition");
  past = found;
  const [organizer] = await app.db
    .select()
    .from(users)
    .where(and(eq(users.role, "organizer")));
  if (!organizer) throw new Error("no demo organizer");
  actor = { id: organizer.id, ip: "127.0.0.1" };
});

describe("the ceremony screen", () => {
  it("is public once the final list is published, with its winners and no rehearsal banner", async () => {
    const final = await latestPublication(past.id, "final");
    if (!final) throw new Error("the demo's past edition is published at seed");
    const awards = await publicationAwards(final.id);
    expect(awards.length).toBeGreaterThan(0);
    const { status, body } = await page(app.client(), past.slug);
    expect(status).toBe(200);
    expect(body).toContain(past.name);
    for (const a of awards) expect(body).toContain(a.unitName);
    expect(body).not.toContain("彩排模式");
    // A long page of Chinese arrives whole: no NUL bytes or broken characters.
    expect(body.includes("\u0000") || body.includes("\uFFFD")).toBe(false);
    // The loader data is in the page, so the browser can bring it to life.
    expect(body).toContain("streamController.enqueue");
  });

  it("before publication is 404 for the public, units and judges, and a rehearsal for organizers", async () => {
    await resetToJudging(app, past.id);
    await runTally(actor, past.id);
    const awards = await currentAwards(app.db, past.id);
    expect(awards.length).toBeGreaterThan(0);

    expect((await page(app.client(), past.slug)).status).toBe(404);
    expect((await page(await app.loggedIn("unit"), past.slug)).status).toBe(404);
    expect((await page(await app.loggedIn("judge"), past.slug)).status).toBe(404);

    const organizer = await app.loggedIn("organizer");
    const tally = await page(organizer, past.slug);
    expect(tally.status).toBe(200);
    expect(tally.body).toContain("彩排模式");
    expect(tally.body).toContain("当前计分结果");
    for (const a of awards) expect(tally.body).toContain(a.entryTitle);

    // With a provisional list out, the rehearsal uses it; still closed to the public.
    await app.db.update(editions).set({ phase: "tallied" }).where(eq(editions.id, past.id));
    await publishNotice(actor, past.id);
    expect((await page(app.client(), past.slug)).status).toBe(404);
    const notice = await page(organizer, past.slug);
    expect(notice.status).toBe(200);
    expect(notice.body).toContain("彩排模式");
    expect(notice.body).toContain("公示名单");

    // Published: open to everyone, the banner gone.
    await publishFinal(actor, past.id, new Date(Date.now() + 30 * day));
    const open = await page(app.client(), past.slug);
    expect(open.status).toBe(200);
    expect(open.body).not.toContain("彩排模式");
    for (const a of awards) expect(open.body).toContain(a.unitName);
  });

  it("is 404 for an edition that does not exist", async () => {
    expect((await page(app.client(), "no-such-edition")).status).toBe(404);
  });
});
