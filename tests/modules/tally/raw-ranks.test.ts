import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rawRanks } from "~/modules/tally/raw-ranks";
import { type TallyInput, tally } from "~/modules/tally/tally";

const JUDGES = ["a", "b", "c", "d", "e", "f"];
const criteria = [
  { id: 1, maxPoints: 40 },
  { id: 2, maxPoints: 60 },
];

// Small points make ties (and ties on the first two keys) common.
const arbInput: fc.Arbitrary<TallyInput> = fc
  .record({
    entries: fc.array(
      fc.record({
        categoryId: fc.integer({ min: 1, max: 2 }),
        platform: fc.constantFrom("wechat", "douyin", null),
        reads: fc.option(fc.integer({ min: 0, max: 1000 })),
        sheets: fc.uniqueArray(
          fc.record({
            judge: fc.constantFrom(...JUDGES),
            p1: fc.integer({ min: 0, max: 4 }),
            p2: fc.integer({ min: 0, max: 4 }),
          }),
          { selector: (s) => s.judge, maxLength: 6 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    trimFrom: fc.integer({ min: 3, max: 6 }),
    dataWeightPercent: fc.constantFrom(0, 20, 40),
  })
  .map((r) => ({
    settings: { trimFrom: r.trimFrom, normalise: true, dataWeightPercent: r.dataWeightPercent },
    categories: [1, 2].map((id) => ({ id, criteria, tiers: [{ id: id * 10, name: "T", quota: 2 }] })),
    entries: r.entries.map((e, i) => ({
      id: i + 1,
      categoryId: e.categoryId,
      platform: e.platform,
      metrics: { reads: e.reads },
    })),
    sheets: r.entries.flatMap((e, i) =>
      e.sheets.map((s) => ({ entryId: i + 1, judgeId: s.judge, points: { 1: s.p1, 2: s.p2 } })),
    ),
  }));

describe("raw ranks beside a normalised tally", () => {
  it("are the ranks of the same tally with normalisation off", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const fast = rawRanks(input, tally(input));
        const full = tally({ ...input, settings: { ...input.settings, normalise: false } });
        for (const r of full.entries) expect(fast.get(r.entryId) ?? null).toBe(r.rank);
      }),
      { numRuns: 300 },
    );
  });
});
