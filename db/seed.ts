import { count, eq } from "drizzle-orm";
import { hashPassword } from "../app/modules/auth/password.server";
import { withCheckCharacter } from "../app/modules/units/credit-code";
import type { Db } from "./client.server";
import { accounts, categories, criteria, editions, tiers, units, users } from "./schema";
import type { Platform } from "./schema/editions";
import { type DemoEntry, insertDemoEntries, type SeededEntry } from "./seed-entries";
import { seedDemoJudges } from "./seed-judges";
import { publishPastEdition, seedPastEdition } from "./seed-past";

/*
 * Demo data, clearly marked (is_demo, "演示" in names). The units and accounts are drawn from real
 * award events (a provincial government new-media forum; a city's yearly influence report); their
 * credit codes are made up but carry the right division and a correct GB 32100-2015 check character.
 */

export const DEMO_PASSWORD = "pingxuan-demo";
export const DEMO_DOMAIN = "demo.pingxuan.cn";

type DemoUnit = {
  name: string;
  division: string;
  regionName: string;
  type: "department" | "media";
  entityType: "11" | "12";
  accounts: { platform: Platform; name: string; handle: string }[];
};

export const DEMO_UNITS: DemoUnit[] = [
  {
    name: "东莞市委宣传部",
    division: "441900",
    regionName: "广东省东莞市",
    type: "department",
    entityType: "11",
    accounts: [
      { platform: "app", name: "东莞发布（南方号）", handle: "" },
      { platform: "wechat", name: "莞香花开", handle: "gh_3a1b2c4d5e6f" },
    ],
  },
  {
    name: "东莞市教育局",
    division: "441900",
    regionName: "广东省东莞市",
    type: "department",
    entityType: "11",
    accounts: [{ platform: "wechat", name: "东莞慧教育", handle: "gh_4b2c3d5e6f70" }],
  },
  {
    name: "东莞市社会保障局",
    division: "441900",
    regionName: "广东省东莞市",
    type: "department",
    entityType: "11",
    accounts: [{ platform: "wechat", name: "东莞社保", handle: "gh_5c3d4e6f7081" }],
  },
  {
    name: "广州市禁毒办",
    division: "440100",
    regionName: "广东省广州市",
    type: "department",
    entityType: "11",
    accounts: [{ platform: "weibo", name: "广州禁毒", handle: "" }],
  },
  {
    name: "永州市文化旅游广电局",
    division: "431100",
    regionName: "湖南省永州市",
    type: "department",
    entityType: "11",
    accounts: [{ platform: "douyin", name: "永州文旅", handle: "" }],
  },
  {
    name: "永州市公安局",
    division: "431100",
    regionName: "湖南省永州市",
    type: "department",
    entityType: "11",
    accounts: [{ platform: "weibo", name: "永州警事", handle: "" }],
  },
  {
    name: "濮阳日报社",
    division: "410900",
    regionName: "河南省濮阳市",
    type: "media",
    entityType: "12",
    accounts: [{ platform: "wechat", name: "濮阳发布", handle: "gh_6d4e5f708192" }],
  },
];

/** A made-up but valid credit code: 1 (机构编制) + entity type + division + 9 characters. */
export function demoCreditCode(unit: DemoUnit, index: number): string {
  return withCheckCharacter(
    `1${unit.entityType.slice(1)}${unit.division}MB${String(2024001 + index).padStart(7, "0")}`,
  );
}

type Rubric = { name: string; descriptor: string; maxPoints: number }[];

const ALL_PLATFORMS: Platform[] = [
  "weibo",
  "wechat",
  "channels",
  "douyin",
  "toutiao",
  "kuaishou",
  "bilibili",
  "app",
  "other",
];

export const DEMO_CATEGORIES: {
  code: string;
  name: string;
  description: string;
  platforms: Platform[];
  requiresVideo?: boolean;
  tiers: { name: string; quota: number }[];
  rubric: Rubric;
}[] = [
  {
    code: "QWFB",
    name: "权威发布",
    description: "第一时间发布权威信息、回应社会关切的政务新媒体案例。",
    platforms: ALL_PLATFORMS,
    tiers: [
      { name: "一等奖", quota: 2 },
      { name: "二等奖", quota: 4 },
      { name: "三等奖", quota: 6 },
      { name: "优秀案例", quota: 10 },
    ],
    rubric: [
      { name: "时效性", descriptor: "首发及时，重大信息发布快于同类渠道", maxPoints: 25 },
      { name: "权威准确", descriptor: "信息来源权威、表述准确、无差错", maxPoints: 25 },
      { name: "传播力", descriptor: "阅读、转发等传播数据与覆盖面", maxPoints: 20 },
      { name: "互动与回应", descriptor: "对网民留言与关切的回应质量", maxPoints: 15 },
      { name: "表达创新", descriptor: "表达方式贴近受众、易懂好读", maxPoints: 15 },
    ],
  },
  {
    code: "RMCX",
    name: "融媒创新",
    description: "在内容形态、技术应用或传播方式上有创新的融媒体作品。",
    platforms: ALL_PLATFORMS,
    tiers: [
      { name: "一等奖", quota: 2 },
      { name: "二等奖", quota: 4 },
      { name: "三等奖", quota: 6 },
      { name: "优秀案例", quota: 10 },
    ],
    rubric: [
      { name: "创意策划", descriptor: "选题与策划的新意和完整度", maxPoints: 30 },
      { name: "形式与技术创新", descriptor: "H5、数据可视化、直播等形式与技术运用", maxPoints: 25 },
      { name: "传播力", descriptor: "传播数据与跨平台覆盖", maxPoints: 20 },
      { name: "互动力", descriptor: "用户参与、评论与二次传播", maxPoints: 15 },
      { name: "社会效果", descriptor: "对工作推动和社会反响的实际效果", maxPoints: 10 },
    ],
  },
  {
    code: "MSFW",
    name: "民生服务",
    description: "以政务新媒体提供办事、咨询、便民服务的案例。",
    platforms: ALL_PLATFORMS,
    tiers: [
      { name: "一等奖", quota: 2 },
      { name: "二等奖", quota: 4 },
      { name: "三等奖", quota: 6 },
      { name: "优秀案例", quota: 20 },
    ],
    rubric: [
      { name: "服务实效", descriptor: "解决群众实际问题的数量与质量", maxPoints: 30 },
      { name: "便民程度", descriptor: "办事入口清晰、流程简便", maxPoints: 20 },
      { name: "回应关切", descriptor: "对民生热点的主动回应", maxPoints: 20 },
      { name: "传播力", descriptor: "传播数据与覆盖面", maxPoints: 15 },
      { name: "表现力", descriptor: "版式、图文与语言的表现效果", maxPoints: 15 },
    ],
  },
  {
    code: "DSP",
    name: "短视频",
    description: "在视频号、抖音、快手、B站等平台发布的政务短视频作品。",
    platforms: ["channels", "douyin", "kuaishou", "bilibili", "weibo", "toutiao"],
    requiresVideo: true,
    tiers: [
      { name: "一等奖", quota: 2 },
      { name: "二等奖", quota: 4 },
      { name: "三等奖", quota: 6 },
      { name: "优秀案例", quota: 20 },
    ],
    rubric: [
      { name: "内容价值", descriptor: "主题鲜明、信息有用、导向正确", maxPoints: 25 },
      { name: "创意与叙事", descriptor: "选题角度与叙事手法", maxPoints: 25 },
      { name: "制作水准", descriptor: "拍摄、剪辑、字幕与声音质量", maxPoints: 20 },
      { name: "传播力", descriptor: "播放、点赞、转发数据", maxPoints: 20 },
      { name: "互动力", descriptor: "评论互动与用户参与", maxPoints: 10 },
    ],
  },
];

export function demoLoginsText(): string {
  const lines = [
    `Demo logins (demo data only) — password for all: ${DEMO_PASSWORD}`,
    `  organizer: organizer@${DEMO_DOMAIN}`,
    `  judges:    judge1@${DEMO_DOMAIN} … judge3@${DEMO_DOMAIN}`,
    `  units:     unit1@${DEMO_DOMAIN} … unit${DEMO_UNITS.length}@${DEMO_DOMAIN}`,
  ];
  return lines.join("\n");
}

/**
 * Loads the demo into an empty database. Returns the text to print (the demo logins) when the
 * database holds demo data, or null when it holds other data and was left alone.
 */
export async function seedDemo(
  db: Db,
  now = new Date(),
  options: { attachFiles?: (entries: SeededEntry[]) => Promise<void> } = {},
): Promise<string | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) {
    const [demo] = await db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1);
    return demo ? demoLoginsText() : null;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const year = now.getUTCFullYear();
  const day = 86_400_000;
  // Whole days at 09:00 China Standard Time (01:00 UTC), the way organizers announce deadlines.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1);

  let seededEntries: SeededEntry[] = [];
  await db.transaction(async (tx) => {
    const unitRows = await tx
      .insert(units)
      .values(
        DEMO_UNITS.map((u, i) => ({
          name: u.name,
          creditCode: demoCreditCode(u, i),
          regionCode: u.division,
          regionName: u.regionName,
          level: "city" as const,
          type: u.type,
          status: "approved" as const,
          isDemo: true,
        })),
      )
      .returning({ id: units.id });

    const accountRows = await tx
      .insert(accounts)
      .values(
        DEMO_UNITS.flatMap((u, i) => u.accounts.map((a) => ({ unitId: unitRows[i]?.id as number, ...a }))),
      )
      .returning({ id: accounts.id, unitId: accounts.unitId });
    const unitUserIds = DEMO_UNITS.map(() => crypto.randomUUID());
    const judgeIds = [0, 1, 2].map(() => crypto.randomUUID());
    const organizerId = crypto.randomUUID();

    await tx.insert(users).values([
      {
        id: organizerId,
        email: `organizer@${DEMO_DOMAIN}`,
        name: "演示主办方管理员",
        role: "organizer" as const,
        passwordHash,
        isDemo: true,
      },
      ...["王教授", "李研究员", "陈主任"].map((name, i) => ({
        id: judgeIds[i] as string,
        email: `judge${i + 1}@${DEMO_DOMAIN}`,
        name: `${name}（演示评委）`,
        role: "judge" as const,
        passwordHash,
        isDemo: true,
      })),
      ...DEMO_UNITS.map((u, i) => ({
        id: unitUserIds[i] as string,
        email: `unit${i + 1}@${DEMO_DOMAIN}`,
        name: `${u.name}新媒体专员`,
        role: "unit" as const,
        unitId: unitRows[i]?.id ?? null,
        passwordHash,
        isDemo: true,
      })),
    ]);

    const [edition] = await tx
      .insert(editions)
      .values({
        slug: `demo-${year}`,
        name: `${year} 年度政务新媒体优秀案例评选（演示）`,
        year,
        organizers: "Pingxuan 演示主办方\n演示高校新闻传播研究院",
        description:
          "本届为演示数据。征集各级政务新媒体在权威发布、融媒创新、民生服务和短视频方面的优秀案例，统计时间为当年 1 月 1 日至 10 月 31 日。",
        phase: "open",
        statsFrom: `${year}-01-01`,
        statsTo: `${year}-10-31`,
        submissionOpensAt: new Date(today - 7 * day),
        submissionClosesAt: new Date(today + 30 * day),
        judgingStartsAt: new Date(today + 35 * day),
        judgingEndsAt: new Date(today + 50 * day),
        noticeStartsAt: new Date(today + 55 * day),
        noticeEndsAt: new Date(today + 62 * day),
        ceremonyAt: new Date(today + 70 * day),
        judgesPerEntry: 3,
        blindReview: true,
        entriesPerUnitPerCategory: 2,
        trimFrom: 5,
        dataWeightPercent: 20,
        isDemo: true,
      })
      .returning({ id: editions.id });
    if (!edition) throw new Error("demo edition not created");

    const categoryIds = {} as Record<DemoEntry["category"], number>;
    for (const [position, c] of DEMO_CATEGORIES.entries()) {
      const [category] = await tx
        .insert(categories)
        .values({
          editionId: edition.id,
          code: c.code,
          name: c.name,
          kind: "case",
          description: c.description,
          platforms: c.platforms,
          requiresVideo: c.requiresVideo ?? false,
          position,
        })
        .returning({ id: categories.id });
      if (!category) throw new Error("demo category not created");
      categoryIds[c.code as DemoEntry["category"]] = category.id;
      await tx.insert(tiers).values(c.tiers.map((t, i) => ({ categoryId: category.id, ...t, position: i })));
      await tx
        .insert(criteria)
        .values(c.rubric.map((r, i) => ({ categoryId: category.id, ...r, position: i })));
    }

    const unitIds = unitRows.map((u) => u.id);
    seededEntries = await insertDemoEntries(tx, {
      editionId: edition.id,
      year,
      now,
      categoryIds,
      unitIds,
      accountIds: unitIds.map((id) => accountRows.filter((a) => a.unitId === id).map((a) => a.id)),
      unitUserIds,
    });

    await seedDemoJudges(tx, {
      editionId: edition.id,
      categoryIds: Object.values(categoryIds),
      judgeUserIds: judgeIds,
      unitIds,
    });

    const pastEditionId = await seedPastEdition(tx, {
      year: year - 1,
      categories: DEMO_CATEGORIES.map((c) => ({
        code: c.code,
        name: c.name,
        rubric: c.rubric.map((r) => ({ name: r.name, maxPoints: r.maxPoints })),
        quotas: c.tiers.slice(0, 3).map((t) => [t.name, Math.min(t.quota, 1)] as [string, number]),
      })),
      unitIds,
      accountIds: unitIds.map((id) => accountRows.filter((a) => a.unitId === id).map((a) => a.id)),
      unitUserIds,
      judgeIds,
      now,
    });
    await publishPastEdition(tx, { editionId: pastEditionId, organizerId, now });
  });
  await options.attachFiles?.(seededEntries);
  return `Demo data loaded.\n${demoLoginsText()}`;
}
