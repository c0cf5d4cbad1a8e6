import { sql } from "drizzle-orm";
import { linkKey } from "../app/modules/entries/link";
import { formatReference } from "../app/modules/entries/rules";
import type { Tx } from "./client.server";
import { entries, entryReferenceCounters } from "./schema";
import type { Platform } from "./schema/editions";
import type { EntryStatus } from "./schema/entries";

/*
 * A dozen demo entries of the kinds real reports describe: a cold-wave warning push read by tens
 * of thousands, a marathon H5 game with 4 million clicks, an anti-drug short video … Figures are
 * illustrative. Some are drafts, most submitted, one returned for revision.
 */

export type DemoEntry = {
  unit: number; // index into DEMO_UNITS
  account: number; // index into that unit's accounts
  category: "QWFB" | "RMCX" | "MSFW" | "DSP";
  status: EntryStatus;
  title: string;
  platform: Platform;
  link: string;
  month: number;
  day: number;
  summary: string;
  metrics: { reads?: number; plays?: number; likes?: number; shares?: number; comments?: number };
  videoLink?: string;
  /** Files the seed attaches: generated placeholder images, or the short demo video. */
  files?: ("image" | "video")[];
  reviewReason?: string;
};

export const DEMO_ENTRIES: DemoEntry[] = [
  {
    unit: 0,
    account: 0,
    category: "QWFB",
    status: "submitted",
    title: "寒潮来袭：东莞发布连续 72 小时滚动推送预警与防寒指引",
    platform: "app",
    link: "https://static.nfapp.southcn.com/content/demo/cold-wave",
    month: 1,
    day: 20,
    summary:
      "寒潮来临前 48 小时起，联合气象、应急部门滚动发布寒潮预警、防寒指引和交通提示，首条推送阅读量超过 5 万，相关话题在本地网民中广泛转发。",
    metrics: { reads: 56300, likes: 1280, shares: 2150, comments: 430 },
    files: ["image"],
  },
  {
    unit: 0,
    account: 1,
    category: "QWFB",
    status: "draft",
    title: "市政府新闻发布会图文直播",
    platform: "wechat",
    link: "https://mp.weixin.qq.com/s?__biz=MzA3ODemo&mid=1001&idx=1&sn=demo01",
    month: 4,
    day: 8,
    summary: "以图文直播同步发布会要点，会后一小时内推出要点梳理。",
    metrics: { reads: 18200 },
  },
  {
    unit: 1,
    account: 0,
    category: "MSFW",
    status: "submitted",
    title: "一图读懂中考招生新政：家长最关心的 12 个问题",
    platform: "wechat",
    link: "https://mp.weixin.qq.com/s?__biz=MzI2Demo&mid=2002&idx=1&sn=demo02",
    month: 5,
    day: 12,
    summary: "把招生政策拆成 12 个问答，配合长图和留言答疑，推文发布当周后台咨询量下降约三成。",
    metrics: { reads: 98500, likes: 2300, shares: 5400, comments: 860 },
    files: ["image", "image"],
  },
  {
    unit: 2,
    account: 0,
    category: "MSFW",
    status: "submitted",
    title: "社保卡线上申领全流程指南",
    platform: "wechat",
    link: "https://mp.weixin.qq.com/s?__biz=MzU5Demo&mid=3003&idx=1&sn=demo03",
    month: 3,
    day: 2,
    summary: "图文加视频演示线上申领社保卡的每一步，文末直达办事入口，上线后线上申领占比明显提高。",
    metrics: { reads: 43100, likes: 760, shares: 3900, comments: 210 },
  },
  {
    unit: 2,
    account: 0,
    category: "MSFW",
    status: "draft",
    title: "退休待遇一键查询服务上线",
    platform: "wechat",
    link: "",
    month: 7,
    day: 1,
    summary: "",
    metrics: {},
  },
  {
    unit: 3,
    account: 0,
    category: "DSP",
    status: "submitted",
    title: "禁毒微电影《别让毒品偷走青春》",
    platform: "weibo",
    link: "https://weibo.com/demo/anti-drug",
    month: 6,
    day: 26,
    summary: "国际禁毒日推出的微电影，以真实案例改编，全网播放量超过 120 万。",
    metrics: { plays: 1210000, likes: 35600, shares: 8800, comments: 2900 },
    files: ["video"],
  },
  {
    unit: 4,
    account: 0,
    category: "RMCX",
    status: "submitted",
    title: "永州马拉松 H5 互动小游戏：跑出你的城市地图",
    platform: "douyin",
    link: "https://www.douyin.com/demo/marathon-h5",
    month: 4,
    day: 16,
    summary: "赛前上线的 H5 小游戏，玩家沿赛道打卡城市景点，累计点击 400 万次，带动赛事话题热度。",
    metrics: { plays: 4000000, likes: 52000, shares: 18000, comments: 6100 },
    files: ["image"],
  },
  {
    unit: 4,
    account: 0,
    category: "DSP",
    status: "submitted",
    title: "跟着短视频游永州：九嶷山的清晨",
    platform: "douyin",
    link: "https://www.douyin.com/demo/jiuyi",
    month: 9,
    day: 5,
    summary: "一分钟竖屏短视频展示九嶷山日出，带动国庆假期景区预约量上升。",
    metrics: { plays: 860000, likes: 41000, shares: 7600, comments: 1500 },
    videoLink: "https://www.douyin.com/video/demo-jiuyi",
  },
  {
    unit: 5,
    account: 0,
    category: "DSP",
    status: "returned",
    title: "反诈情景短剧《你的验证码，别告诉任何人》",
    platform: "weibo",
    link: "https://weibo.com/demo/anti-fraud",
    month: 8,
    day: 18,
    summary: "民警出演的反诈情景短剧系列第三集，评论区大量网友分享亲身经历。",
    metrics: { plays: 530000, likes: 22000, shares: 9400, comments: 3800 },
    videoLink: "https://weibo.com/tv/demo-anti-fraud",
    reviewReason: "请补充视频的原始文件（mp4），并说明播放量统计口径。",
  },
  {
    unit: 5,
    account: 0,
    category: "QWFB",
    status: "submitted",
    title: "暴雨期间道路积水实时通报",
    platform: "weibo",
    link: "https://weibo.com/demo/rainstorm",
    month: 6,
    day: 3,
    summary: "暴雨当晚每 30 分钟更新一次积水路段和绕行建议，单条微博转发上万次。",
    metrics: { reads: 310000, likes: 4200, shares: 11000, comments: 1900 },
  },
  {
    unit: 6,
    account: 0,
    category: "RMCX",
    status: "draft",
    title: "濮阳两会融媒体报道：数说政府工作报告",
    platform: "wechat",
    link: "https://mp.weixin.qq.com/s?__biz=MzPYDemo&mid=4004&idx=1&sn=demo04",
    month: 2,
    day: 25,
    summary: "用数据可视化长图和短视频解读政府工作报告。",
    metrics: { reads: 27400 },
  },
  {
    unit: 6,
    account: 0,
    category: "MSFW",
    status: "submitted",
    title: "黄河湿地观鸟季：线上预约与交通指引",
    platform: "wechat",
    link: "https://mp.weixin.qq.com/s?__biz=MzPYDemo&mid=4005&idx=1&sn=demo05",
    month: 10,
    day: 10,
    summary: "为观鸟季提供线上预约、接驳公交和文明观鸟提示，预约名额当天约满。",
    metrics: { reads: 35800, likes: 980, shares: 2600, comments: 340 },
  },
];

export type SeededEntry = { id: number; spec: DemoEntry; createdBy: string };

/** Inserts the demo entries with references for those already submitted. */
export async function insertDemoEntries(
  tx: Tx,
  ctx: {
    editionId: number;
    year: number;
    now: Date;
    categoryIds: Record<DemoEntry["category"], number>;
    unitIds: number[];
    accountIds: number[][];
    unitUserIds: string[];
  },
): Promise<SeededEntry[]> {
  const seeded: SeededEntry[] = [];
  const counters = new Map<number, number>();
  for (const spec of DEMO_ENTRIES) {
    const categoryId = ctx.categoryIds[spec.category];
    const unitId = ctx.unitIds[spec.unit] as number;
    const createdBy = ctx.unitUserIds[spec.unit] as string;
    let reference: string | null = null;
    if (spec.status !== "draft") {
      const n = (counters.get(categoryId) ?? 0) + 1;
      counters.set(categoryId, n);
      reference = formatReference(ctx.year, spec.category, n);
    }
    const [row] = await tx
      .insert(entries)
      .values({
        editionId: ctx.editionId,
        categoryId,
        unitId,
        accountId: ctx.accountIds[spec.unit]?.[spec.account] ?? null,
        reference,
        status: spec.status,
        title: spec.title,
        platform: spec.platform,
        link: spec.link,
        linkKey: linkKey(spec.link),
        publishDate: `${ctx.year}-${String(spec.month).padStart(2, "0")}-${String(spec.day).padStart(2, "0")}`,
        summary: spec.summary,
        videoLink: spec.videoLink ?? "",
        ...spec.metrics,
        reviewReason: spec.reviewReason ?? null,
        revisionDeadline: spec.status === "returned" ? new Date(ctx.now.getTime() + 5 * 86_400_000) : null,
        submittedAt: spec.status === "draft" ? null : ctx.now,
        reviewedAt: spec.status === "returned" ? ctx.now : null,
        createdBy,
      })
      .returning({ id: entries.id });
    if (!row) throw new Error("demo entry not created");
    seeded.push({ id: row.id, spec, createdBy });
  }
  for (const [categoryId, lastNumber] of counters) {
    await tx
      .insert(entryReferenceCounters)
      .values({ categoryId, lastNumber })
      .onConflictDoUpdate({
        target: entryReferenceCounters.categoryId,
        set: { lastNumber: sql`excluded.last_number` },
      });
  }
  return seeded;
}
