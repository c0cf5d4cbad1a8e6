import { and, eq, isNotNull, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { editions, entries, mailOutbox, users } from "#db/schema";
import { latestPublication, publicationAwards, publishNotice } from "~/modules/results/publish.server";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { resetToJudging, tallied, withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;
let organizer: Client;
const day = 86_400_000;

beforeEach(async () => {
  app = testApp();
  if (!ctx) {
    ctx = await withPastEditionInJudging(app);
    organizer = await ctx.demo.login("organizer");
  } else await resetToJudging(app, ctx.past.id);
  await app.db.delete(mailOutbox);
});

/** Tallied, and the notice published twelve days ago: its five working days are over. */
async function noticeOver() {
  await tallied(app, ctx);
  return publishNotice(ctx.actor, ctx.past.id, new Date(Date.now() - 12 * day));
}

const adminUrl = () => `/admin/editions/${ctx.past.id}/publication`;

describe("publishing the final list", () => {
  it("the public results are 404 before publication (organizers too) and 200 after", async () => {
    await noticeOver();
    for (const client of [app.client(), organizer]) {
      expect((await client.get(`/e/${ctx.past.slug}/results`)).status).toBe(404);
      expect((await client.get(`/e/${ctx.past.slug}/results.csv`)).status).toBe(404);
      expect((await client.get(`/e/${ctx.past.slug}/results.xlsx`)).status).toBe(404);
    }
    const res = await organizer.post(adminUrl(), { intent: "final" });
    expect(res.status).toBe(302);
    expect((await app.client().get(`/e/${ctx.past.slug}/results`)).status).toBe(200);
    const [edition] = await app.db.select().from(editions).where(eq(editions.id, ctx.past.id));
    expect(edition?.phase).toBe("published");
  });

  it("is refused with a message while the notice period runs", async () => {
    await tallied(app, ctx);
    await publishNotice(ctx.actor, ctx.past.id);
    const res = await organizer.post(adminUrl(), { intent: "final" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("公示期尚未结束。");
    expect(await latestPublication(ctx.past.id, "final")).toBeUndefined();
  });

  it("queues a results mail to every user of every unit that entered, listing its awards or none", async () => {
    await noticeOver();
    expect((await organizer.post(adminUrl(), { intent: "final" })).status).toBe(302);
    const final = await latestPublication(ctx.past.id, "final");
    const listed = await publicationAwards(final?.id ?? 0);

    const entered = await app.db
      .selectDistinct({ unitId: entries.unitId })
      .from(entries)
      .where(and(eq(entries.editionId, ctx.past.id), ne(entries.status, "draft")));
    const recipients = await app.db
      .select({ email: users.email, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.role, "unit"), isNotNull(users.unitId)));
    const expected = recipients.filter((u) => entered.some((e) => e.unitId === u.unitId));
    expect(expected.length).toBeGreaterThan(0);

    const mails = await app.db.select().from(mailOutbox).where(eq(mailOutbox.template, "results-published"));
    expect(mails.map((m) => m.toAddress).sort()).toEqual(expected.map((u) => u.email).sort());
    for (const mail of mails) {
      const unitId = expected.find((u) => u.email === mail.toAddress)?.unitId;
      const own = listed.filter((a) => a.unitId === unitId);
      expect(mail.text).toContain(`/e/${ctx.past.slug}/results`);
      if (own.length === 0) expect(mail.text).toContain("未获奖");
      for (const award of own) expect(mail.text).toContain(`${award.tierName}：${award.entryTitle}`);
    }
  });

  it("shows the lists' versions and seals on the organizer's page", async () => {
    const notice = await noticeOver();
    await organizer.post(adminUrl(), { intent: "final" });
    const final = await latestPublication(ctx.past.id, "final");
    const html = await (await organizer.get(adminUrl())).text();
    expect(html).toContain(notice.sha256);
    expect(html).toContain(final?.sha256);
    expect(html).toContain("发布更正");
  });
});
