import { type TallyInput, type TallyResult, trimmedMean } from "./tally";

/*
 * The ranks the tally would give WITHOUT normalisation, from a normalised run's result, without
 * running the whole tally a second time (that second run, with its "depends on one judge" and
 * agreement passes, was the largest part of a national edition's tally). Steps 3 and 5 of the
 * method (tally.ts) on the raw totals: the data score does not depend on normalisation, so the
 * normalised run's is reused. A property test checks it against tally() with normalise off.
 */
export function rawRanks(input: TallyInput, outcome: TallyResult): Map<number, number | null> {
  const w = Math.min(100, Math.max(0, input.settings.dataWeightPercent)) / 100;
  const trimFrom = Number.isFinite(input.settings.trimFrom) ? input.settings.trimFrom : 5;
  const firstCriterion = new Map(input.categories.map((c) => [c.id, c.criteria[0]?.id]));
  const categoryOf = new Map(input.entries.map((e) => [e.id, e.categoryId]));
  // Raw points of the first criterion per entry (the third key), summed with their count.
  const firsts = new Map<number, { sum: number; n: number }>();
  for (const s of input.sheets) {
    const criterion = firstCriterion.get(categoryOf.get(s.entryId) ?? -1);
    const f = firsts.get(s.entryId) ?? { sum: 0, n: 0 };
    f.sum += criterion === undefined ? 0 : (s.points[criterion] ?? 0);
    f.n += 1;
    firsts.set(s.entryId, f);
  }
  const key6 = (x: number) => Math.round(x * 1e6);
  type Keyed = { entryId: number; categoryId: number; k: [number, number, number] };
  const byCategory = new Map<number, Keyed[]>();
  const ranks = new Map<number, number | null>();
  for (const r of outcome.entries) {
    if (r.expert === null) {
      ranks.set(r.entryId, null);
      continue;
    }
    const expert = trimmedMean(
      r.sheetTotals.map((s) => s.raw),
      trimFrom,
    );
    const final = r.data === null || w === 0 ? expert : (1 - w) * expert + w * r.data;
    const f = firsts.get(r.entryId) ?? { sum: 0, n: 1 };
    const list = byCategory.get(r.categoryId) ?? [];
    list.push({
      entryId: r.entryId,
      categoryId: r.categoryId,
      k: [key6(final), key6(expert), key6(f.sum / f.n)],
    });
    byCategory.set(r.categoryId, list);
  }
  const cmp = (a: Keyed, b: Keyed) => b.k[0] - a.k[0] || b.k[1] - a.k[1] || b.k[2] - a.k[2];
  for (const list of byCategory.values()) {
    list.sort(cmp);
    // Competition ranking: 1 + the number of strictly better keys.
    let rank = 1;
    list.forEach((e, i) => {
      const previous = list[i - 1];
      if (previous && cmp(previous, e) !== 0) rank = i + 1;
      ranks.set(e.entryId, rank);
    });
  }
  return ranks;
}
