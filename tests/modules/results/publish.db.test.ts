import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, editions, entries, objections, results, tallySnapshots } from "#db/schema";
import { awardsCsv } from "~/modules/results/export";
import {
  latestPublication,
  PublishRefusedError,
  publicationAwards,
  publishCorrection,
  publishFinal,
  publishNotice,
  sealOf,
} from "~/modules/results/publish.server";
import { runTally, TallyClosedError } from "~/modules/tally/tally.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { resetToJudging, withPastEditionInJudging } from "../../support/results";

const testApp = testAppForFile();
let app: TestApp;
let ctx: Awaited<ReturnType<typeof withPastEditionInJudging>>;
const day = 86_400_000;

beforeEach(async () => {
  app = testApp();
  if (!ctx) ctx = await withPastEditionInJudging(app);
  else await resetToJudging(app, ctx.past.id);
});

async function refusal(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PublishRefusedError) return error.problems;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function setPhase(phase: "tallied" | "notice") {
  await app.db.update(editions).set({ phase }).where(eq(editions.id, ctx.past.id));
}

describe("the tally against the database", () => {
  it("stores one result per accepted entry with its settings, and audits the run", async () => {
    const run = await runTally(ctx.actor, ctx.past.id);
    const rows = await app.db.select().from(results).where(eq(results.snapshotId, run.snapshotId));
    const accepted = await app.db
      .select()
      .from(entries)
      .where(and(eq(entries.editionId, ctx.past.id), eq(entries.status, "accepted")));
    expect(rows).toHaveLength(accepted.length);
    expect(run.sheets).toBe(accepted.length * 3);
    expect(rows.every((r) => r.rank !== null && r.expert !== null)).toBe(true);
    const [snapshot] = await app.db
      .select()
      .from(tallySnapshots)
      .where(eq(tallySnapshots.editionId, ctx.past.id));
    expect(snapshot?.settings).toEqual({ trimFrom: 5, normalise: false, dataWeightPercent: 20 });
    const audits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "tally.run"), eq(auditLog.editionId, ctx.past.id)));
    expect(audits.length).toBeGreaterThan(0);
  });

  it("two runs at once leave one whole snapshot", async () => {
    const [a, b] = await Promise.all([runTally(ctx.actor, ctx.past.id), runTally(ctx.actor, ctx.past.id)]);
    const snapshots = await app.db
      .select()
      .from(tallySnapshots)
      .where(eq(tallySnapshots.editionId, ctx.past.id));
    expect(snapshots).toHaveLength(1);
    const survivor = snapshots[0]?.id;
    expect([a.snapshotId, b.snapshotId]).toContain(survivor);
    const rows = await app.db
      .select()
      .from(results)
      .where(eq(results.snapshotId, survivor ?? 0));
    expect(rows).toHaveLength(a.entries);
    // Nothing of the replaced run is left behind.
    const all = await app.db
      .select({ snapshotId: results.snapshotId })
      .from(results)
      .innerJoin(entries, eq(entries.id, results.entryId))
      .where(eq(entries.editionId, ctx.past.id));
    expect(new Set(all.map((r) => r.snapshotId))).toEqual(new Set([survivor]));
  });

  it("keeps raw ranks beside normalised ones when normalisation is on", async () => {
    await app.db.update(editions).set({ normaliseScores: true }).where(eq(editions.id, ctx.past.id));
    try {
      const run = await runTally(ctx.actor, ctx.past.id);
      const rows = await app.db.select().from(results).where(eq(results.snapshotId, run.snapshotId));
      expect(rows.every((r) => r.rawRank !== null)).toBe(true);
      expect(
        rows.some((r) => (r.sheetTotals as { normalised: number | null }[])[0]?.normalised !== null),
      ).toBe(true);
    } finally {
      await app.db.update(editions).set({ normaliseScores: false }).where(eq(editions.id, ctx.past.id));
    }
  });
});

describe("publishing", () => {
  it("refuses to publish before the tally", async () => {
    await setPhase("tallied");
    expect(await refusal(publishNotice(ctx.actor, ctx.past.id))).toContain("results.publish.noTally");
    expect(await refusal(publishFinal(ctx.actor, ctx.past.id))).toContain("results.publish.wrongPhase");
  });

  it("takes the list through notice to publication, sealed, and closes the tally", async () => {
    await runTally(ctx.actor, ctx.past.id);
    await setPhase("tallied");
    const now = new Date();
    const notice = await publishNotice(ctx.actor, ctx.past.id, now);
    const listed = await publicationAwards(notice.id);
    // Three tiers of one place each in four categories.
    expect(listed).toHaveLength(12);
    expect(notice.sha256).toBe(sealOf(awardsCsv(listed)));
    const [edition] = await app.db.select().from(editions).where(eq(editions.id, ctx.past.id));
    expect(edition?.phase).toBe("notice");
    expect(edition?.noticeEndsAt?.getTime()).toBeGreaterThan(now.getTime() + 5 * day);

    // Too early, and not while an objection is open.
    expect(await refusal(publishFinal(ctx.actor, ctx.past.id, now))).toEqual([
      "results.publish.noticeNotOver",
    ]);
    const later = new Date((edition?.noticeEndsAt?.getTime() ?? 0) + 1000);
    await app.db.insert(objections).values({
      editionId: ctx.past.id,
      entryId: listed[0]?.entryId ?? 0,
      name: "测试",
      reason: "测试异议",
      ip: "127.0.0.1",
    });
    expect(await refusal(publishFinal(ctx.actor, ctx.past.id, later))).toEqual([
      "results.publish.openObjections",
    ]);
    await app.db.update(objections).set({ status: "dismissed" }).where(eq(objections.editionId, ctx.past.id));

    const final = await publishFinal(ctx.actor, ctx.past.id, later);
    expect(final.kind).toBe("final");
    expect(final.sha256).toBe(notice.sha256);
    await expect(runTally(ctx.actor, ctx.past.id)).rejects.toBeInstanceOf(TallyClosedError);

    // A correction is a new, sealed version with its reason.
    const removed = listed[0]?.entryId ?? 0;
    const corrected = await publishCorrection(ctx.actor, ctx.past.id, {
      entryId: removed,
      tierId: null,
      reason: "核查发现数据造假",
    });
    expect(corrected.version).toBe(2);
    const now2 = await publicationAwards(corrected.id);
    expect(now2).toHaveLength(11);
    expect(now2.some((a) => a.entryId === removed)).toBe(false);
    expect(corrected.sha256).toBe(sealOf(awardsCsv(now2)));
    expect((await latestPublication(ctx.past.id, "final"))?.id).toBe(corrected.id);
    const audits = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.editionId, ctx.past.id));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "results.publishNotice",
        "results.publishFinal",
        "results.correct",
        "results.publishCorrection",
      ]),
    );
  });
});
