/**
 * Certificate benchmark: renders 1,000 certificates with varied units, titles, categories and tiers
 * (every one with the demo seal, as issued certificates carry the organizer's seal), split over
 * processes (one per core), and prints the time and the PDF sizes.
 *
 *   npm run bench:certificates
 *   npm run bench:certificates -- --count 200 --workers 1      # other sizes, one process
 *
 * Not part of `npm test` (vitest includes only *.test.ts).
 */

import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { newVerificationCode } from "~/modules/certificates/codes.server";
import { certificateNumber } from "~/modules/certificates/numbering";
import { type CertificateInput, renderCertificate } from "~/modules/certificates/pdf.server";
import { demoSealPng } from "~/modules/certificates/seal.server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** mulberry32: a small seeded generator, so every run renders the same certificates. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = [
  "广州市",
  "深圳市",
  "东莞市",
  "佛山市",
  "珠海市",
  "汕头市",
  "湛江市",
  "韶关市",
  "梅州市",
  "清远市",
];
const DISTRICTS = ["", "天河区", "南山区", "松山湖高新区", "顺德区", "香洲区", "虎门镇", "长安镇"];
const BODIES = [
  "人民政府新闻办公室",
  "公安局",
  "卫生健康局",
  "应急管理局",
  "融媒体中心",
  "人民医院",
  "气象局",
  "市场监督管理局",
];
const CATEGORIES = [
  { name: "权威发布", code: "QWFB", kind: "entry" },
  { name: "融媒创新", code: "RMCX", kind: "entry" },
  { name: "民生服务", code: "MSFW", kind: "entry" },
  { name: "短视频", code: "DSP", kind: "entry" },
  { name: "年度影响力账号", code: "YXL", kind: "account" },
] as const;
const TIERS = ["一等奖", "二等奖", "三等奖", "优秀案例"];
const WORDS =
  "台风海葵期间全市政务新媒体矩阵联动发布疫苗接种预约一网通办便民服务指南城市更新暴雨预警夜间经济乡村振兴数字政府建设实践探索 live 直播 H5 AI 数据新闻 Vlog";

function inputs(count: number, seal: Uint8Array): CertificateInput[] {
  const random = rng(2026);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const chars = [...WORDS];
  const sequence = new Map<string, number>();
  return Array.from({ length: count }, () => {
    const category = pick(CATEGORIES);
    const n = (sequence.get(category.code) ?? 0) + 1;
    sequence.set(category.code, n);
    // Mostly ordinary titles, one in twenty at the 200-character limit.
    const length = random() < 0.05 ? 200 : 8 + Math.floor(random() * 40);
    const start = Math.floor(random() * chars.length);
    const title = Array.from({ length }, (_, i) => chars[(start + i * 7) % chars.length]).join("");
    const unitName = `${pick(REGIONS)}${pick(DISTRICTS)}${pick(BODIES)}`;
    return {
      editionName: "2026年度广东省政务新媒体优秀案例评选",
      categoryName: category.name,
      tierName: pick(TIERS),
      unitName,
      subject:
        category.kind === "entry"
          ? { kind: "entry", title }
          : { kind: "account", name: `${unitName.slice(0, 6)}发布` },
      date: "2026-11-23",
      organizers: ["南方报业传媒集团", "中山大学传播与设计学院", "广东省政务新媒体研究中心"],
      number: certificateNumber({ editionYear: 2026, categoryCode: category.code, sequence: n }),
      verifyUrl: `https://pingxuan.example.org/verify/${newVerificationCode()}`,
      seal,
    };
  });
}

type Done = { sizes: number[] };

async function renderAll(list: CertificateInput[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const input of list) sizes.push((await renderCertificate(input)).length);
  return sizes;
}

if (process.argv.includes("--child")) {
  // A child: warm up (modules compiled, font files read and cut, HarfBuzz compiled), say so, then
  // render what the parent sends and answer with the sizes.
  process.once("message", (warmUp: CertificateInput[]) => {
    renderAll(warmUp).then(() => {
      process.once("message", (list: CertificateInput[]) => {
        renderAll(list).then((sizes) => process.send?.({ sizes } satisfies Done, () => process.exit(0)));
      });
      process.send?.("ready");
    });
  });
} else {
  const COUNT = arg("--count", 1000);
  const WORKERS = arg("--workers", availableParallelism());
  const all = inputs(COUNT, demoSealPng());

  const launched = performance.now();
  // Child processes rather than worker threads: they inherit tsx's loader flags, threads do not on
  // Node 20.
  const children = await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const child = fork(fileURLToPath(import.meta.url), ["--child"], { serialization: "advanced" });
      await new Promise<void>((resolve, reject) => {
        child.once("message", () => resolve());
        child.once("error", reject);
        child.send(all.slice(0, 2));
      });
      return child;
    }),
  );
  const ready = performance.now();

  const start = performance.now();
  const results = await Promise.all(
    children.map(
      (child, w) =>
        new Promise<number[]>((resolve, reject) => {
          child.once("message", (m: Done) => resolve(m.sizes));
          child.once("error", reject);
          child.send(all.filter((_, i) => i % WORKERS === w));
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  const sizes = results.flat().sort((a, b) => a - b);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const rows: [string, string][] = [
    ["cores", String(availableParallelism())],
    ["certificates", String(sizes.length)],
    ["processes", String(WORKERS)],
    ["time to render all", `${seconds.toFixed(2)} s`],
    ["starting the processes (not timed)", `${((ready - launched) / 1000).toFixed(2)} s`],
    ["throughput", `${(sizes.length / seconds).toFixed(1)} PDFs/s`],
    ["average PDF size", kb(mean)],
    ["median / largest PDF", `${kb(sizes[Math.floor(sizes.length / 2)] ?? 0)} / ${kb(sizes.at(-1) ?? 0)}`],
    ["under 20 s", seconds < 20 ? "yes" : "no"],
    ["average under 300 KB", mean < 300 * 1024 ? "yes" : "no"],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v}`);
  process.exit(seconds < 20 && mean < 300 * 1024 ? 0 : 1);
}
