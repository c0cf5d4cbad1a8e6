import { asc, eq } from "drizzle-orm";
import { linkKey } from "../app/modules/entries/link";
import { formatReference } from "../app/modules/entries/rules";
import { publishFinal, publishNotice } from "../app/modules/results/publish.server";
import { runTally } from "../app/modules/tally/tally.server";
import type { Tx } from "./client.server";
import {
  assignments,
  awards,
  categories,
  criteria,
  editions,
  entries,
  entryReferenceCounters,
  objections,
  scorePoints,
  scoreSheets,
  tiers,
} from "./schema";
import type { Platform } from "./schema/editions";

/*
 * A past edition whose judging is complete: every assignment scored and submitted by the three
 * demo judges, so the tally has something to show. Quality differs per entry, judges differ a
 * little, and 陈主任 (judge3) is an obvious outlier who scores about 12 points lower than the
 * others. Figures come from a seeded generator, so every seed gives the same sheets.
 */

type Rubric = { name: string; maxPoints: number }[];

export type PastCategory = { code: string; name: string; rubric: Rubric; quotas: [string, number][] };

const PAST_CASES: { category: string; unit: number; title: string; platform: Platform; quality: number }[] = [
  { category: "QWFB", unit: 0, title: "台风“苏拉”防御信息全程发布", platform: "app", quality: 91 },
  { category: "QWFB", unit: 5, title: "汛期道路积水实时通报", platform: "weibo", quality: 84 },
  { category: "QWFB", unit: 1, title: "高考成绩查询与志愿填报权威解读", platform: "wechat", quality: 78 },
  { category: "QWFB", unit: 6, title: "濮阳市两会权威发布专题", platform: "wechat", quality: 70 },
  { category: "RMCX", unit: 4, title: "“云游永州”VR 全景导览", platform: "douyin", quality: 88 },
  { category: "RMCX", unit: 0, title: "数说东莞：一图看懂政府工作报告", platform: "wechat", quality: 80 },
  { category: "RMCX", unit: 3, title: "禁毒知识闯关 H5", platform: "wechat", quality: 76 },
  { category: "RMCX", unit: 6, title: "黄河文化融媒体直播周", platform: "wechat", quality: 67 },
  { category: "MSFW", unit: 2, title: "灵活就业人员参保一件事", platform: "wechat", quality: 89 },
  { category: "MSFW", unit: 1, title: "义务教育入学报名一站通", platform: "wechat", quality: 82 },
  { category: "MSFW", unit: 5, title: "户籍业务“掌上办”指南", platform: "weibo", quality: 74 },
  { category: "MSFW", unit: 4, title: "景区预约与错峰出行提示", platform: "douyin", quality: 69 },
  { category: "DSP", unit: 3, title: "禁毒短片《回家》", platform: "weibo", quality: 90 },
  { category: "DSP", unit: 5, title: "反诈短剧《陌生来电》", platform: "douyin", quality: 85 },
  { category: "DSP", unit: 4, title: "永州四季延时摄影", platform: "douyin", quality: 79 },
  { category: "DSP", unit: 0, title: "东莞夜景航拍", platform: "channels", quality: 72 },
];

/** Judge leniency in points of the total: judge3 is the outlier. */
const JUDGE_OFFSETS = [2, 0, -12];

/** A small deterministic generator (mulberry32), so the demo's figures never change. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedPastEdition(
  tx: Tx,
  ctx: {
    year: number;
    categories: PastCategory[];
    unitIds: number[];
    accountIds: number[][];
    unitUserIds: string[];
    judgeIds: string[];
    now: Date;
  },
): Promise<number> {
  const { year } = ctx;
  const day = 86_400_000;
  const [edition] = await tx
    .insert(editions)
    .values({
      slug: `demo-${year}`,
      name: `${year} 年度政务新媒体优秀案例评选（演示）`,
      year,
      organizers: "Pingxuan 演示主办方\n演示高校新闻传播研究院",
      description: "往届演示数据：专家评审已全部完成，可用于计分、公示和发布的演示。",
      phase: "judging",
      statsFrom: `${year}-01-01`,
      statsTo: `${year}-10-31`,
      submissionOpensAt: new Date(`${year}-11-01T01:00:00Z`),
      submissionClosesAt: new Date(`${year}-11-30T10:00:00Z`),
      judgingStartsAt: new Date(`${year}-12-05T01:00:00Z`),
      judgingEndsAt: new Date(ctx.now.getTime() - 62 * day),
      judgesPerEntry: 3,
      blindReview: true,
      entriesPerUnitPerCategory: 2,
      trimFrom: 5,
      dataWeightPercent: 20,
      isDemo: true,
    })
    .returning({ id: editions.id });
  if (!edition) throw new Error("past edition not created");

  const random = generator(year);
  for (const [position, c] of ctx.categories.entries()) {
    const [category] = await tx
      .insert(categories)
      .values({ editionId: edition.id, code: c.code, name: c.name, kind: "case", platforms: [], position })
      .returning({ id: categories.id });
    if (!category) throw new Error("past category not created");
    await tx
      .insert(tiers)
      .values(c.quotas.map(([name, quota], i) => ({ categoryId: category.id, name, quota, position: i })));
    const rubric = await tx
      .insert(criteria)
      .values(c.rubric.map((r, i) => ({ categoryId: category.id, ...r, position: i })))
      .returning({ id: criteria.id, maxPoints: criteria.maxPoints });

    const cases = PAST_CASES.filter((p) => p.category === c.code);
    for (const [n, spec] of cases.entries()) {
      const [entry] = await tx
        .insert(entries)
        .values({
          editionId: edition.id,
          categoryId: category.id,
          unitId: ctx.unitIds[spec.unit] as number,
          accountId: ctx.accountIds[spec.unit]?.[0] ?? null,
          reference: formatReference(year, c.code, n + 1),
          status: "accepted",
          title: spec.title,
          platform: spec.platform,
          link: `https://example.gov.cn/${year}/${c.code.toLowerCase()}/${n + 1}`,
          linkKey: linkKey(`https://example.gov.cn/${year}/${c.code.toLowerCase()}/${n + 1}`),
          publishDate: `${year}-${String(3 + n * 2).padStart(2, "0")}-15`,
          summary: `${spec.title}（往届演示案例）。`,
          reads: Math.round(20000 + random() * 200000),
          likes: Math.round(300 + random() * 5000),
          shares: Math.round(100 + random() * 3000),
          comments: Math.round(50 + random() * 1500),
          submittedAt: new Date(`${year}-11-20T02:00:00Z`),
          reviewedAt: new Date(`${year}-12-01T02:00:00Z`),
          createdBy: ctx.unitUserIds[spec.unit] ?? null,
        })
        .returning({ id: entries.id });
      if (!entry) throw new Error("past entry not created");
      for (const [j, judgeId] of ctx.judgeIds.entries()) {
        const [assignment] = await tx
          .insert(assignments)
          .values({ editionId: edition.id, entryId: entry.id, judgeId, state: "submitted" })
          .returning({ id: assignments.id });
        if (!assignment) throw new Error("past assignment not created");
        const share = (spec.quality + (JUDGE_OFFSETS[j] ?? 0)) / 100;
        await tx.insert(scorePoints).values(
          rubric.map((r) => {
            const noisy = r.maxPoints * share + (random() - 0.5) * r.maxPoints * 0.12;
            const half = Math.round(Math.min(r.maxPoints, Math.max(0, noisy)) * 2);
            return { assignmentId: assignment.id, criterionId: r.id, halfPoints: half };
          }),
        );
        await tx.insert(scoreSheets).values({
          assignmentId: assignment.id,
          comment: j === 2 ? "整体一般，亮点不够突出。" : "选题扎实，传播效果较好。",
          submittedAt: new Date(`${year}-12-10T08:00:00Z`),
        });
      }
    }
    await tx.insert(entryReferenceCounters).values({ categoryId: category.id, lastNumber: cases.length });
  }
  return edition.id;
}

/**
 * Takes the past edition through the rest of its year the way an organizer would: the tally, the
 * public notice (with one objection, dismissed with a reply) and the final list, each on a date in
 * the past, so a newcomer finds a complete winners list, its export and the ceremony screen.
 */
export async function publishPastEdition(
  tx: Tx,
  ctx: { editionId: number; organizerId: string; now: Date },
): Promise<void> {
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(ctx.now.getTime() - daysAgo * day);
  const actor = { id: ctx.organizerId, ip: "" };
  await runTally(actor, ctx.editionId, { now: at(60), executor: tx });
  // The organizer's "tallied" step; the notice period is set when the notice is published.
  await tx
    .update(editions)
    .set({ phase: "tallied", noticeStartsAt: null, noticeEndsAt: null })
    .where(eq(editions.id, ctx.editionId));
  const notice = await publishNotice(actor, ctx.editionId, at(55), tx);
  const [listed] = await tx
    .select({ entryId: awards.entryId })
    .from(awards)
    .where(eq(awards.publicationId, notice.id))
    .orderBy(asc(awards.position))
    .limit(1);
  if (!listed?.entryId) throw new Error("the past edition's notice lists nothing");
  await tx.insert(objections).values({
    editionId: ctx.editionId,
    entryId: listed.entryId,
    name: "张演示",
    email: "objector@demo.pingxuan.cn",
    reason: "该案例的阅读量统计是否包含统计时间范围之外的数据？（演示异议）",
    ip: "",
    status: "dismissed",
    reply: "经核查，阅读量为统计时间范围内的数据，异议不成立。（演示答复）",
    decidedBy: ctx.organizerId,
    decidedAt: at(52),
    createdAt: at(54),
  });
  await publishFinal(actor, ctx.editionId, at(45), undefined, tx);
  await tx
    .update(editions)
    .set({ ceremonyAt: at(40) })
    .where(eq(editions.id, ctx.editionId));
}
