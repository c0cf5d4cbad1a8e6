import { and, eq } from "drizzle-orm";
import { assignments, editions, entries } from "#db/schema";
import type { TestApp } from "./app";
import { withDemo } from "./demo";

/**
 * The demo in its judging phase with hand-made assignments: judge1 gets every submitted 权威发布
 * entry and the first 短视频 one, judge2 the second 短视频 one. (The automatic assignment has
 * tests of its own.)
 */
export async function withJudging(app: TestApp) {
  const demo = await withDemo(app);
  const judge1 = await demo.login("judge1");
  const judge2 = await demo.login("judge2");
  await app.db.update(editions).set({ phase: "judging" }).where(eq(editions.id, demo.edition.id));
  const submitted = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.status, "submitted")))
    .orderBy(entries.id);
  const qwfb = submitted.filter((e) => e.categoryId === demo.category("QWFB").id);
  const dsp = submitted.filter((e) => e.categoryId === demo.category("DSP").id);
  const rows = await app.db
    .insert(assignments)
    .values([
      ...qwfb.map((e) => ({ editionId: demo.edition.id, entryId: e.id, judgeId: judge1.userId })),
      ...dsp.slice(0, 1).map((e) => ({ editionId: demo.edition.id, entryId: e.id, judgeId: judge1.userId })),
      ...dsp.slice(1, 2).map((e) => ({ editionId: demo.edition.id, entryId: e.id, judgeId: judge2.userId })),
    ])
    .returning();
  return {
    demo,
    judge1,
    judge2,
    mine: rows.filter((r) => r.judgeId === judge1.userId).map((r) => r.id),
    theirs: rows.find((r) => r.judgeId === judge2.userId)?.id ?? 0,
  };
}
