import { type Bin, histogramBins, type Quartiles, quartiles, scoreDomain } from "./geometry";

/** One judge's totals as given: every sheet's total. */
export type JudgeScores = { name: string; totals: readonly number[] };

/** One judge's totals as drawn: the five-number summary, and the totals themselves when few. */
export type JudgeSummary = {
  name: string;
  count: number;
  quartiles: Quartiles | null;
  /** Every total, when few enough to draw one dot each; null when only the box is drawn. */
  totals: readonly number[] | null;
};

/** What the score distribution of one category draws: a histogram and a box per judge. */
export type DistributionSummary = {
  count: number;
  domain: [number, number];
  bins: Bin[];
  byJudge: JudgeSummary[];
};

/**
 * Above this many totals a judge's row shows the box without the dots (and the table the count
 * and quartiles instead of every total): thousands of dots say nothing more than the box, and a
 * national category would send and draw tens of thousands of them.
 */
export const DOTS_PER_JUDGE = 100;

export function summariseJudge(judge: JudgeScores, dotsUpTo = Number.POSITIVE_INFINITY): JudgeSummary {
  return {
    name: judge.name,
    count: judge.totals.length,
    quartiles: quartiles(judge.totals),
    totals: judge.totals.length <= dotsUpTo ? judge.totals : null,
  };
}

/**
 * Reduces a category's totals to what the chart draws. Computed on the server, so the page
 * carries a few hundred numbers whatever the size of the category.
 */
export function summariseScores(
  totals: readonly number[],
  byJudge: readonly JudgeScores[],
  bins = 10,
): DistributionSummary {
  const domain = scoreDomain(totals);
  return {
    count: totals.length,
    domain,
    bins: histogramBins(totals, domain[0], domain[1], bins),
    byJudge: byJudge.map((j) => summariseJudge(j, DOTS_PER_JUDGE)),
  };
}
