import { and, eq } from "drizzle-orm";
import { editions, objections, publications, tallySnapshots, tierOverrides, users } from "#db/schema";
import { runTally } from "~/modules/tally/tally.server";
import type { TestApp } from "./app";
import { withDemo } from "./demo";

/**
 * The demo with its past edition (demo-2025, every sheet submitted) put back into judging: no
 * snapshot, no lists, no objections, no overrides, so a test can take it through the tally and
 * publication itself.
 */
export async function withPastEditionInJudging(app: TestApp) {
  const demo = await withDemo(app);
  const [past] = await app.db
    .select()
    .from(editions)
    .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
  if (!past) throw new Error("no past demo edition");
  await resetToJudging(app, past.id);
  const [organizer] = await app.db
    .select()
    .from(users)
    .where(and(eq(users.role, "organizer")));
  if (!organizer) throw new Error("no demo organizer");
  return { demo, past, organizerId: organizer.id, actor: { id: organizer.id, ip: "127.0.0.1" } };
}

export async function resetToJudging(app: TestApp, editionId: number) {
  await app.db.delete(publications).where(eq(publications.editionId, editionId));
  await app.db.delete(tallySnapshots).where(eq(tallySnapshots.editionId, editionId));
  await app.db.delete(objections).where(eq(objections.editionId, editionId));
  await app.db.delete(tierOverrides).where(eq(tierOverrides.editionId, editionId));
  await app.db
    .update(editions)
    .set({ phase: "judging", noticeStartsAt: null, noticeEndsAt: null })
    .where(eq(editions.id, editionId));
}

/** The tally run and the edition moved to "tallied", as the organizer's two buttons do. */
export async function tallied(
  app: TestApp,
  ctx: { past: { id: number }; actor: { id: string; ip: string } },
) {
  await runTally(ctx.actor, ctx.past.id);
  await app.db.update(editions).set({ phase: "tallied" }).where(eq(editions.id, ctx.past.id));
}
