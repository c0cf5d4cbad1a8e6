import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLATFORM_WEIGHTS,
  type EntryResult,
  kendallW,
  metricValue,
  percentileScores,
  round2,
  type TallyInput,
  tally,
  tallySteps,
  trimmedMean,
} from "~/modules/tally/tally";

/** One category (id 1): criterion 1 (max 40, breaks ties) and criterion 2 (max 60). */
const criteria = [
  { id: 1, maxPoints: 40 },
  { id: 2, maxPoints: 60 },
];
const GOLD = 11;
const SILVER = 12;
const BRONZE = 13;
const threeTiers = [
  { id: GOLD, name: "一等奖", quota: 1 },
  { id: SILVER, name: "二等奖", quota: 2 },
  { id: BRONZE, name: "三等奖", quota: 3 },
];

type Sheets = Record<number, (number | [number, number])[]>;

/**
 * Builds an input from sheets given per entry: a number is a total (split 20 + rest), a pair is
 * [criterion 1, criterion 2]. Judges are "j1", "j2", … in the order given.
 */
function input(
  sheets: Sheets,
  options: {
    tiers?: TallyInput["categories"][number]["tiers"];
    settings?: Partial<TallyInput["settings"]>;
    metrics?: Record<number, { platform: string | null; reads?: number; shares?: number }>;
  } = {},
): TallyInput {
  const ids = Object.keys(sheets).map(Number);
  return {
    settings: { trimFrom: 5, normalise: false, dataWeightPercent: 0, ...options.settings },
    categories: [{ id: 1, criteria, tiers: options.tiers ?? threeTiers }],
    entries: ids.map((id) => {
      const m = options.metrics?.[id];
      return {
        id,
        categoryId: 1,
        platform: m?.platform ?? null,
        metrics: { reads: m?.reads ?? null, shares: m?.shares ?? null },
      };
    }),
    sheets: ids.flatMap((id) =>
      (sheets[id] ?? []).map((s, i) => ({
        entryId: id,
        judgeId: `j${i + 1}`,
        points: typeof s === "number" ? { 1: 20, 2: s - 20 } : { 1: s[0], 2: s[1] },
      })),
    ),
  };
}

const byId = (entries: EntryResult[]) => Object.fromEntries(entries.map((e) => [e.entryId, e]));

describe("expert score", () => {
  it("is the plain mean with 4 sheets", () => {
    const r = byId(tally(input({ 1: [70, 80, 90, 60] })).entries);
    expect(r[1]?.expert).toBe(75);
  });

  it("drops one highest and one lowest with 5 sheets", () => {
    // 50 and 95 go: (70 + 80 + 90) / 3 = 80; the plain mean would be 77.
    const r = byId(tally(input({ 1: [50, 70, 80, 90, 95] })).entries);
    expect(r[1]?.expert).toBe(80);
  });

  it("drops one highest and one lowest with 7 sheets", () => {
    // 40 and 99 go: (70 + 72 + 74 + 76 + 78) / 5 = 74.
    const r = byId(tally(input({ 1: [40, 70, 72, 74, 76, 78, 99] })).entries);
    expect(r[1]?.expert).toBe(74);
  });

  it("follows trimFrom", () => {
    const r = byId(tally(input({ 1: [50, 70, 80, 90, 95] }, { settings: { trimFrom: 7 } })).entries);
    expect(r[1]?.expert).toBe(77);
    expect(trimmedMean([1, 2, 100], 3)).toBe(2);
    expect(trimmedMean([1, 100], 2)).toBe(50.5); // never trims below 3 sheets
  });

  it("gives an entry without sheets no score, rank or tier", () => {
    const r = byId(tally(input({ 1: [80], 2: [] })).entries);
    expect(r[2]).toMatchObject({ expert: null, final: null, rank: null, tierId: null, tie: false });
    expect(r[1]).toMatchObject({ rank: 1, tierId: GOLD });
  });
});

describe("normalisation (per category)", () => {
  it("re-scales each judge's z-scores to the pool, a lone sheet to the pool mean", () => {
    // Judge x: A 90, B 70 (mean 80, sd 10); judge y: A 80, B 60 (mean 70, sd 10); judge z: C 100
    // (one sheet, no spread). Pool: 90, 70, 80, 60, 100: mean 80, deviations 10, −10, 0, −20, 20,
    // variance 1000 / 5 = 200, sd √200. z-scores: A +1 for both, B −1 for both, so A's sheets
    // become 80 + √200 ≈ 94.14, B's 80 − √200 ≈ 65.86, and C's lone 100 becomes 80.
    const inp: TallyInput = {
      settings: { trimFrom: 5, normalise: true, dataWeightPercent: 0 },
      categories: [{ id: 1, criteria, tiers: threeTiers }],
      entries: [1, 2, 3].map((id) => ({ id, categoryId: 1, platform: null, metrics: {} })),
      sheets: [
        { entryId: 1, judgeId: "x", points: { 1: 40, 2: 50 } },
        { entryId: 2, judgeId: "x", points: { 1: 30, 2: 40 } },
        { entryId: 1, judgeId: "y", points: { 1: 30, 2: 50 } },
        { entryId: 2, judgeId: "y", points: { 1: 20, 2: 40 } },
        { entryId: 3, judgeId: "z", points: { 1: 40, 2: 60 } },
      ],
    };
    const r = byId(tally(inp).entries);
    const s = Math.sqrt(200);
    expect(r[1]?.expert).toBeCloseTo(80 + s, 10);
    expect(r[2]?.expert).toBeCloseTo(80 - s, 10);
    expect(r[3]?.expert).toBe(80);
    expect(r[3]?.sheetTotals).toEqual([{ judgeId: "z", raw: 100, normalised: 80 }]);
    expect(r[1]?.sheetTotals.map((t) => t.raw)).toEqual([90, 80]);
    expect(round2(r[1]?.expert ?? 0)).toBe(94.14);
    // Without normalisation C's 100 would win.
    const raw = byId(tally({ ...inp, settings: { ...inp.settings, normalise: false } }).entries);
    expect(raw[3]?.rank).toBe(1);
    expect(r[1]?.rank).toBe(1);
    expect(r[3]?.rank).toBe(2);
  });
});

describe("data score", () => {
  it("combines ln(x + 1) with the platform's weights, missing metrics as 0", () => {
    expect(metricValue("wechat", { reads: 1000, likes: null })).toBeCloseTo(0.7 * Math.log(1001), 12);
    expect(metricValue("weibo", { shares: 9, comments: 9 })).toBeCloseTo(0.8 * Math.log(10), 12);
    expect(metricValue(null, {})).toBe(0);
    expect(metricValue("unknown", { reads: 1 })).toBeCloseTo(0.35 * Math.log(2), 12);
    for (const w of Object.values(DEFAULT_PLATFORM_WEIGHTS)) {
      expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it("is a percentile rank: best 100, worst 0, ties share the average, one entry 100", () => {
    expect(percentileScores([5, 1, 3])).toEqual([100, 0, 50]);
    expect(percentileScores([1, 4, 4])).toEqual([0, 75, 75]);
    expect(percentileScores([7])).toEqual([100]);
  });

  it("w = 0 gives the expert score only", () => {
    const r = byId(
      tally(
        input(
          { 1: [80], 2: [85] },
          { metrics: { 1: { platform: "wechat", reads: 1000 }, 2: { platform: "wechat", reads: 10 } } },
        ),
      ).entries,
    );
    expect(r[1]).toMatchObject({ expert: 80, data: null, final: 80, rank: 2 });
    expect(r[2]).toMatchObject({ expert: 85, data: null, final: 85, rank: 1 });
  });

  it("w = 20 % mixes: final = 0.8 × expert + 0.2 × data", () => {
    const r = byId(
      tally(
        input(
          { 1: [80], 2: [85] },
          {
            settings: { dataWeightPercent: 20 },
            metrics: { 1: { platform: "wechat", reads: 1000 }, 2: { platform: "wechat", reads: 10 } },
          },
        ),
      ).entries,
    );
    expect(r[1]?.data).toBe(100);
    expect(r[1]?.final).toBeCloseTo(84, 10); // 0.8 × 80 + 0.2 × 100
    expect(r[2]?.data).toBe(0);
    expect(r[2]?.final).toBeCloseTo(68, 10); // 0.8 × 85
    expect(r[1]?.rank).toBe(1);
  });
});

describe("ranking and ties", () => {
  it("breaks an equal final score by the expert score", () => {
    // w = 20 %, data 0 / 50 / 100: A 0.8 × 90 + 0 = 72, B 0.8 × 77.5 + 10 = 72, C 0.8 × 50 + 20 = 60.
    const r = byId(
      tally(
        input(
          { 1: [90], 2: [80, 75], 3: [50] },
          {
            settings: { dataWeightPercent: 20 },
            metrics: {
              1: { platform: "wechat", reads: 1 },
              2: { platform: "wechat", reads: 100 },
              3: { platform: "wechat", reads: 10000 },
            },
          },
        ),
      ).entries,
    );
    expect(r[1]?.final).toBeCloseTo(72, 10);
    expect(r[2]?.final).toBeCloseTo(72, 10);
    expect([r[1]?.rank, r[2]?.rank, r[3]?.rank]).toEqual([1, 2, 3]);
    expect(r[1]?.tie).toBe(false);
  });

  it("then by the first criterion's mean points", () => {
    const r = byId(tally(input({ 1: [[30, 50]], 2: [[35, 45]] })).entries);
    expect(r[1]?.expert).toBe(r[2]?.expert);
    expect([r[2]?.rank, r[1]?.rank]).toEqual([1, 2]);
    expect(r[1]?.tie || r[2]?.tie).toBe(false);
  });

  it("then leaves a tie: same rank, flagged, next rank skipped", () => {
    const { entries } = tally(input({ 1: [[30, 50]], 2: [[30, 50]], 3: [[30, 40]] }));
    expect(entries.map((e) => [e.entryId, e.rank, e.tie])).toEqual([
      [1, 1, true],
      [2, 1, true],
      [3, 3, false],
    ]);
  });
});

describe("tiers by quota", () => {
  it("fills the tiers in order and leaves the rest without a tier", () => {
    const { entries } = tally(input({ 1: [95], 2: [90], 3: [85], 4: [80], 5: [75], 6: [70], 7: [65] }));
    expect(entries.map((e) => e.tierId)).toEqual([GOLD, SILVER, SILVER, BRONZE, BRONZE, BRONZE, null]);
    expect(entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("fills what it has when there are fewer entries than places", () => {
    const { entries } = tally(input({ 1: [70], 2: [90] }));
    expect(entries.map((e) => [e.entryId, e.tierId])).toEqual([
      [2, GOLD],
      [1, SILVER],
    ]);
  });

  it("a tie inside a tier is not a boundary tie", () => {
    const r = byId(tally(input({ 1: [90], 2: [85], 3: [85], 4: [80] })).entries);
    expect([r[2]?.tierId, r[3]?.tierId, r[4]?.tierId]).toEqual([SILVER, SILVER, BRONZE]);
    expect(r[2]?.flags.tieAtBoundary).toBe(false);
  });

  it("a tie across a boundary goes to the lower tier, flagged; the total quota holds", () => {
    // A and B tie for the one gold place: both silver; C takes the third place (silver), D bronze.
    const r = byId(tally(input({ 1: [90], 2: [90], 3: [85], 4: [80] })).entries);
    expect([r[1]?.tierId, r[2]?.tierId, r[3]?.tierId, r[4]?.tierId]).toEqual([
      SILVER,
      SILVER,
      SILVER,
      BRONZE,
    ]);
    expect(r[1]?.flags.tieAtBoundary && r[2]?.flags.tieAtBoundary).toBe(true);
    expect(r[3]?.flags.tieAtBoundary).toBe(false);
  });

  it("a tie across the last boundary gets no tier", () => {
    const tiers = [{ id: GOLD, name: "一等奖", quota: 1 }];
    // A and B tie for the one place: neither gets it, both flagged for the organizer.
    const r = byId(tally(input({ 1: [90], 2: [90], 3: [80] }, { tiers })).entries);
    expect([r[1]?.tierId, r[2]?.tierId, r[3]?.tierId]).toEqual([null, null, null]);
    expect([r[1]?.flags.tieAtBoundary, r[2]?.flags.tieAtBoundary, r[3]?.flags.tieAtBoundary]).toEqual([
      true,
      true,
      false,
    ]);
    // A tie wholly below the last place is no boundary tie.
    const below = byId(tally(input({ 1: [90], 2: [80], 3: [80] }, { tiers })).entries);
    expect([below[1]?.tierId, below[2]?.tierId]).toEqual([GOLD, null]);
    expect(below[2]?.flags.tieAtBoundary).toBe(false);
  });
});

describe("agreement statistics", () => {
  it("Kendall's W is 1 when the judges rank alike", () => {
    const { categories } = tally(
      input({ 1: [60, 61, 70], 2: [70, 75, 80], 3: [80, 81, 85], 4: [90, 91, 99] }),
    );
    expect(categories[0]?.kendallW).toBeCloseTo(1, 12);
    expect(categories[0]?.kendallBlock).toEqual({ judges: 3, entries: 4 });
  });

  it("Kendall's W by hand, without and with tied ranks", () => {
    // Ranks (ascending) j1: 1 2 3, j2: 1 2 3, j3: 1 3 2. R = 3, 7, 8; R̄ = 6; S = 9 + 1 + 4 = 14;
    // W = 12 × 14 / (3² × (3³ − 3)) = 168 / 216 = 7 / 9.
    const w = tally(input({ 1: [60, 61, 62], 2: [70, 71, 82], 3: [80, 81, 72] })).categories[0]?.kendallW;
    expect(w).toBeCloseTo(7 / 9, 12);
    // j3 ties entries 2 and 3: ranks 1 2.5 2.5. R = 3, 6.5, 8.5; S = 9 + 0.25 + 6.25 = 15.5;
    // T = 2³ − 2 = 6; W = 12 × 15.5 / (216 − 3 × 6) = 186 / 198 = 31 / 33.
    const tied = tally(input({ 1: [60, 61, 62], 2: [70, 71, 80], 3: [80, 81, 80] })).categories[0]?.kendallW;
    expect(tied).toBeCloseTo(31 / 33, 12);
    expect(
      kendallW([
        [1, 1, 1],
        [2, 2, 2],
      ]),
    ).toBeNull();
  });

  it("Kendall's W uses the entries every judge scored, or is null", () => {
    // j3 scored only entry 1: the complete block is 3 judges × 1 entry, too small.
    const partial = tally(input({ 1: [60, 61, 62], 2: [70, 71], 3: [80, 81] })).categories[0];
    expect(partial?.kendallW).toBeNull();
    expect(partial?.kendallBlock).toEqual({ judges: 3, entries: 1 });
  });

  it("leniency, outlier sheets, spread and high disagreement", () => {
    // Entry 1: 80 70 60, entry 2: 90 80 70. j1 is 15 above the others' mean on both, j3 15 below.
    const { entries, categories } = tally(input({ 1: [80, 70, 60], 2: [90, 80, 70] }));
    expect(categories[0]?.leniency).toEqual([
      { judgeId: "j1", meanDifference: 15, sheets: 2 },
      { judgeId: "j2", meanDifference: 0, sheets: 2 },
      { judgeId: "j3", meanDifference: -15, sheets: 2 },
    ]);
    expect(categories[0]?.outlierSheets).toEqual([]); // 15 is not more than 15
    expect(entries[0]?.spread).toBe(20);
    expect(entries[0]?.sd).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(entries[0]?.flags.highDisagreement).toBe(false);

    // 100 70 70 70 70: mean 76, variance (576 + 4 × 36) / 5 = 144, sd 12 > 10; j1 is 30 above.
    const one = tally(input({ 1: [100, 70, 70, 70, 70] }));
    expect(one.entries[0]).toMatchObject({ spread: 30, sd: 12 });
    expect(one.entries[0]?.flags.highDisagreement).toBe(true);
    expect(one.categories[0]?.outlierSheets).toEqual([{ entryId: 1, judgeId: "j1", difference: 30 }]);
  });

  it("a lone sheet has no leniency to measure", () => {
    const { categories } = tally(input({ 1: [80] }));
    expect(categories[0]?.leniency).toEqual([{ judgeId: "j1", meanDifference: null, sheets: 0 }]);
  });

  it("dependsOnOneJudge when leaving one sheet out changes the tier", () => {
    // Gold 1, silver 1. A: 90 90 60 → 80 (gold); without one 90 it would be 75 < B's 79: silver.
    // B: 79 79 79 → 79 whatever is left out, below A's 80: silver either way.
    const tiers = [
      { id: GOLD, name: "一等奖", quota: 1 },
      { id: SILVER, name: "二等奖", quota: 1 },
    ];
    const r = byId(tally(input({ 1: [90, 90, 60], 2: [79, 79, 79] }, { tiers })).entries);
    expect(r[1]).toMatchObject({ tierId: GOLD });
    expect(r[1]?.flags.dependsOnOneJudge).toBe(true);
    expect(r[2]).toMatchObject({ tierId: SILVER });
    expect(r[2]?.flags.dependsOnOneJudge).toBe(false);
    const steady = byId(tally(input({ 1: [90, 90, 88], 2: [79, 79, 79] }, { tiers })).entries);
    expect(steady[1]?.flags.dependsOnOneJudge).toBe(false);
  });

  it("rejects inconsistent input", () => {
    const base = input({ 1: [80, 70] });
    expect(() =>
      tally({ ...base, sheets: [...base.sheets, { entryId: 9, judgeId: "j1", points: {} }] }),
    ).toThrow();
    expect(() =>
      tally({ ...base, sheets: [...base.sheets, { entryId: 1, judgeId: "j1", points: {} }] }),
    ).toThrow();
  });
});

describe("round2", () => {
  it("rounds half away from zero at 2 decimals", () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(94.1421356)).toBe(94.14);
    expect(round2(-2.345)).toBe(-2.35);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const JUDGES = ["a", "b", "c", "d", "e", "f"];

const arbInput: fc.Arbitrary<TallyInput> = fc
  .record({
    categories: fc.integer({ min: 1, max: 2 }),
    entries: fc.array(
      fc.record({
        categoryId: fc.integer({ min: 1, max: 2 }),
        platform: fc.constantFrom("wechat", "weibo", "douyin", null),
        reads: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
        shares: fc.option(fc.integer({ min: 0, max: 1000 })),
        sheets: fc.uniqueArray(
          fc.record({
            judge: fc.constantFrom(...JUDGES),
            p1: fc.integer({ min: 0, max: 40 }),
            p2: fc.integer({ min: 0, max: 60 }),
          }),
          { selector: (s) => s.judge, maxLength: 6 },
        ),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    quotas: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 }),
    trimFrom: fc.integer({ min: 3, max: 6 }),
    normalise: fc.boolean(),
    dataWeightPercent: fc.constantFrom(0, 15, 20, 40),
  })
  .map((r) => ({
    settings: { trimFrom: r.trimFrom, normalise: r.normalise, dataWeightPercent: r.dataWeightPercent },
    categories: [1, 2].map((id) => ({
      id,
      criteria,
      tiers: r.quotas.map((quota, i) => ({ id: id * 10 + i, name: `T${i}`, quota })),
    })),
    entries: r.entries.map((e, i) => ({
      id: i + 1,
      categoryId: Math.min(e.categoryId, r.categories),
      platform: e.platform,
      metrics: { reads: e.reads, shares: e.shares },
    })),
    sheets: r.entries.flatMap((e, i) =>
      e.sheets.map((s) => ({ entryId: i + 1, judgeId: s.judge, points: { 1: s.p1, 2: s.p2 } })),
    ),
  }));

describe("tally properties", () => {
  it("ranks are competition ranks: 1..n, ties share a rank and are flagged", () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const { entries } = tally(inp);
        for (const c of inp.categories) {
          const ranked = entries.filter((e) => e.categoryId === c.id && e.rank !== null);
          const ranks = ranked.map((e) => e.rank ?? 0);
          for (const e of ranked) {
            const rank = e.rank ?? 0;
            expect(rank).toBe(1 + ranks.filter((r) => r < rank).length);
            expect(e.tie).toBe(ranks.filter((r) => r === rank).length > 1);
          }
          if (!ranked.some((e) => e.tie)) {
            expect([...ranks].sort((a, b) => a - b)).toEqual(ranked.map((_, i) => i + 1));
          }
          // Tiers never exceed the total quota and never get worse as the rank improves.
          const total = c.tiers.reduce((a, t) => a + t.quota, 0);
          expect(ranked.filter((e) => e.tierId !== null).length).toBeLessThanOrEqual(total);
          const order = (id: number | null) =>
            id === null ? c.tiers.length : c.tiers.findIndex((t) => t.id === id);
          for (const x of ranked)
            for (const y of ranked)
              if ((x.rank ?? 0) < (y.rank ?? 0)) expect(order(x.tierId)).toBeLessThanOrEqual(order(y.tierId));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("raising one judge's points for an entry never lowers its rank (no normalisation)", () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (inp, pick, pickSheet, raise, first) => {
          const plain = { ...inp, settings: { ...inp.settings, normalise: false } };
          const scored = [...new Set(plain.sheets.map((s) => s.entryId))];
          fc.pre(scored.length > 0);
          const entryId = scored[pick % scored.length] ?? 0;
          const own = plain.sheets.filter((s) => s.entryId === entryId);
          const target = own[pickSheet % own.length];
          const crit = first ? 1 : 2;
          const raised = {
            ...plain,
            sheets: plain.sheets.map((s) =>
              s === target ? { ...s, points: { ...s.points, [crit]: (s.points[crit] ?? 0) + raise } } : s,
            ),
          };
          const before = tally(plain).entries.find((e) => e.entryId === entryId)?.rank ?? 0;
          const after = tally(raised).entries.find((e) => e.entryId === entryId)?.rank ?? 0;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const reversed = {
          ...inp,
          categories: [...inp.categories].reverse(),
          entries: [...inp.entries].reverse(),
          sheets: [...inp.sheets].reverse(),
        };
        expect(tally(reversed)).toEqual(tally(inp));
      }),
      { numRuns: 100 },
    );
  });
});

describe("tallySteps (the tally one category at a time)", () => {
  it("yields after each category with its count, and returns what tally returns", () => {
    const one = input({ 1: [70, 80], 2: [60, 90], 3: [85] });
    const three: TallyInput = {
      ...one,
      categories: [3, 1, 2].map((id) => ({ id, criteria, tiers: threeTiers })),
      entries: one.entries.map((e) => ({ ...e, categoryId: e.id })),
    };
    const steps = tallySteps(three);
    const yielded = [];
    let step = steps.next();
    while (!step.done) {
      yielded.push(step.value);
      step = steps.next();
    }
    expect(yielded).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    expect(step.value).toEqual(tally(three));
    expect(step.value.categories.map((c) => c.categoryId)).toEqual([1, 2, 3]);
  });
});
