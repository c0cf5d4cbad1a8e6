import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "./client.server";
import { conflicts, judgeCategories, judges, users } from "./schema";

/*
 * The demo judges' profiles and panels: a professor of journalism in Guangzhou, a researcher in
 * Changsha and a director of the Dongguan publicity department. The director's unit is a demo unit,
 * so the own-unit conflict shows (and, with the edition's same-city setting on, the other Dongguan
 * units too); the professor has declared a conflict with a Guangzhou unit. Every demo judge sits
 * on all demo categories. Running it twice changes nothing.
 */

export const DEMO_JUDGE_PROFILES = [
  {
    title: "教授",
    affiliation: "某大学新闻与传播学院",
    unit: null,
    regionCode: "440100",
    // 广州市禁毒办, the fourth demo unit.
    declared: { unit: 3, reason: "近两年为该单位提供新媒体运营培训" },
  },
  {
    title: "研究员",
    affiliation: "某省社会科学院新闻与传播研究所",
    unit: null,
    regionCode: "430100",
    declared: null,
  },
  // 东莞市委宣传部, the first demo unit.
  { title: "主任", affiliation: "东莞市委宣传部", unit: 0, regionCode: "441900", declared: null },
] as const;

/** The demo judges' user ids in the order of their emails (judge1 … judge3). */
export async function demoJudgeUserIds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "judge"), eq(users.isDemo, true)))
    .orderBy(asc(users.email));
  return rows.map((r) => r.id);
}

/**
 * Gives the demo judges (judgeUserIds in the order of DEMO_JUDGE_PROFILES) their profiles, puts
 * each on every category's panel, and stores the demo's declared conflict in the edition.
 */
export async function seedDemoJudges(
  tx: Tx,
  ids: { editionId: number; categoryIds: number[]; judgeUserIds: string[]; unitIds: number[] },
): Promise<void> {
  const unitAt = (index: number | null) => (index === null ? null : (ids.unitIds[index] ?? null));
  const seeded = ids.judgeUserIds.flatMap((userId, i) => {
    const p = DEMO_JUDGE_PROFILES[i];
    return p ? [{ userId, profile: p }] : [];
  });
  if (seeded.length === 0) return;
  await tx
    .insert(judges)
    .values(
      seeded.map(({ userId, profile }) => ({
        userId,
        title: profile.title,
        affiliation: profile.affiliation,
        unitId: unitAt(profile.unit),
        regionCode: profile.regionCode,
      })),
    )
    .onConflictDoNothing();
  const panels = seeded.flatMap(({ userId }) =>
    ids.categoryIds.map((categoryId) => ({ judgeId: userId, categoryId })),
  );
  if (panels.length > 0) await tx.insert(judgeCategories).values(panels).onConflictDoNothing();
  for (const { userId, profile } of seeded) {
    const unitId = profile.declared ? unitAt(profile.declared.unit) : null;
    if (!profile.declared || unitId === null) continue;
    await tx
      .insert(conflicts)
      .values({
        editionId: ids.editionId,
        judgeId: userId,
        unitId,
        source: "declared",
        reason: profile.declared.reason,
        createdBy: userId,
      })
      .onConflictDoNothing();
  }
}
