/*
 * Tally of an edition's scores (计分与排名). Pure: plain data in, plain data out, no database, no
 * clock, no randomness. The server loads the categories (rubric criteria in rubric order, tiers in
 * order from best to worst), the entries with their metrics and the SUBMITTED score sheets, calls
 * `tally`, and stores or shows the result. Everything is kept at full precision; round only when
 * displaying (`round2`).
 *
 * THE METHOD (docs/domain.md, "Tally method"), with the choices this module makes where it was open
 *
 * 1. Sheet total = Σ points over the criteria of the entry's category (a missing criterion counts
 *    0; points for criteria not in the category are ignored).
 * 2. Normalisation (settings.normalise), PER CATEGORY: for each judge, the mean m and population
 *    standard deviation s of the totals of all the sheets they submitted in the category; the pool
 *    is every sheet of the category, with mean M and population standard deviation S. A sheet's
 *    normalised total is M + S·(x − m)/s. A judge with a single sheet, or with s = 0, has no spread
 *    to measure, so z = 0 and each of their sheets becomes M (the pool mean). The normalised total
 *    replaces the raw one in everything that follows except the agreement statistics (step 5),
 *    which describe what the judges actually gave.
 * 3. Expert score = mean of the entry's sheet totals; with at least max(3, trimFrom) sheets one
 *    highest and one lowest total are dropped first (去掉一个最高分和一个最低分). An entry with no
 *    submitted sheet has no expert score, no final score, no rank and no tier.
 * 4. Data score (only when dataWeightPercent > 0): each metric becomes ln(x + 1) (missing, null or
 *    negative counts as 0) and the logs are combined with the weights of the entry's platform
 *    (`DEFAULT_PLATFORM_WEIGHTS`, after the 清博 WCI and the Weibo BCI; entries without a platform use
 *    `other`). The combined values are turned into a percentile rank among the scored entries of the
 *    category: with average ranks r = 1..n (ascending, ties share the average), data = 100·(r − 1)/(n − 1);
 *    the best gets 100, the worst 0, and a category with one scored entry gives it 100.
 *    final = (1 − w)·expert + w·data with w = dataWeightPercent/100 (clamped to 0..100); when
 *    w = 0, data is null and final = expert.
 * 5. Ranking within the category by the key (final, expert, mean points of the FIRST criterion of
 *    the rubric over all the entry's sheets, untrimmed and raw), each descending, compared after
 *    rounding to 6 decimals so that floating-point noise never splits a tie. Equal keys are a tie:
 *    rank = 1 + the number of entries with a strictly better key (competition ranking 1, 2, 2, 4),
 *    and every entry of the tie is flagged `tie` for the organizer to settle.
 * 6. Tiers by quota: positions 0, 1, 2, … in rank order are cut into consecutive blocks of the
 *    tiers' quotas, in tier order; positions past the total of the quotas get no tier. A tied group
 *    occupying positions p … p + g − 1 gets the tier of its LAST position p + g − 1: the better tier
 *    only if the whole group fits in it, otherwise the lower one (or none), and when the group
 *    straddles a boundary each of its entries is flagged `tieAtBoundary`. The place left unused in
 *    the better tier passes down: the total number of tiered entries never exceeds the total quota.
 *    Equivalently, an entry's tier is the tier of position (strictly better) + (tied others). A
 *    category with fewer entries than the quotas fills what it has.
 * 7. Agreement statistics per category, on the RAW totals:
 *    - per entry: spread = max − min of its totals, sd = their population standard deviation;
 *      `highDisagreement` when sd > HIGH_DISAGREEMENT_SD (10 points);
 *    - per judge: leniency = mean over their sheets on entries with at least one other sheet of
 *      (their total − mean of the other judges' totals on that entry); null without such sheets;
 *    - outlier sheets: |total − mean of the others| > OUTLIER_POINTS (15 points), signed difference;
 *    - Kendall's W, with the usual correction for tied ranks, over the judges who submitted a sheet
 *      in the category and the entries that ALL of them scored (the complete block of the matrix);
 *      null when that block has fewer than 2 judges or 2 entries, or everything is tied. Entries a
 *      judge did not score are left out rather than imputed, so with partial panels W describes
 *      only the commonly scored entries (often none: then null).
 *    - `dependsOnOneJudge`: for each sheet of an entry with at least 2 sheets, the expert score is
 *      recomputed without it (same trimming rule on the remaining sheets, normalised totals kept
 *      as they were, first-criterion mean recomputed), and the tier the entry would then get is
 *      found with every other entry unchanged (the local rule of step 6). The flag is set when any
 *      single omission changes the tier (including to or from no tier).
 *
 * Determinism: entries, sheets and judges are processed in id order; results are sorted by
 * category id, then rank, then entry id.
 */

export type Metrics = {
  reads?: number | null;
  plays?: number | null;
  likes?: number | null;
  shares?: number | null;
  comments?: number | null;
};
export type MetricName = keyof Metrics;
export type MetricWeights = Partial<Record<MetricName, number>>;

export type TallySettings = { trimFrom: number; normalise: boolean; dataWeightPercent: number };

export type TallyInput = {
  settings: TallySettings;
  categories: {
    id: number;
    /** In rubric order: the first one breaks ties. */
    criteria: { id: number; maxPoints: number }[];
    /** Best tier first. */
    tiers: { id: number; name: string; quota: number }[];
  }[];
  entries: { id: number; categoryId: number; platform: string | null; metrics: Metrics }[];
  /** Submitted sheets only; points by criterion id. */
  sheets: { entryId: number; judgeId: string; points: Record<number, number> }[];
  /** Per-platform metric weights; defaults to DEFAULT_PLATFORM_WEIGHTS. */
  platformWeights?: Record<string, MetricWeights>;
};

export type EntryResult = {
  entryId: number;
  categoryId: number;
  /** Sorted by judge id; `normalised` is null unless settings.normalise. */
  sheetTotals: { judgeId: string; raw: number; normalised: number | null }[];
  /** Null when the entry has no submitted sheet (then also final, rank and tierId). */
  expert: number | null;
  data: number | null;
  final: number | null;
  rank: number | null;
  tierId: number | null;
  tie: boolean;
  flags: { highDisagreement: boolean; dependsOnOneJudge: boolean; tieAtBoundary: boolean };
  spread: number;
  sd: number;
};

export type CategoryStats = {
  categoryId: number;
  kendallW: number | null;
  /** Size of the complete block W is computed on: all judges of the category, entries all scored. */
  kendallBlock: { judges: number; entries: number };
  leniency: { judgeId: string; meanDifference: number | null; sheets: number }[];
  outlierSheets: { entryId: number; judgeId: string; difference: number }[];
};

export type TallyResult = { entries: EntryResult[]; categories: CategoryStats[] };

export const DEFAULT_TRIM_FROM = 5;
export const HIGH_DISAGREEMENT_SD = 10;
export const OUTLIER_POINTS = 15;

/**
 * Weights of ln(x + 1) per metric. WeChat after the 清博 WCI (reads 0.70, the rest of the
 * interactions 0.30, split between likes and shares since 在看 is not collected); Weibo after the
 * interaction part of the BCI (reposts 0.4, comments 0.4, likes 0.2); video platforms on plays.
 */
export const DEFAULT_PLATFORM_WEIGHTS: Record<string, MetricWeights> = {
  wechat: { reads: 0.7, likes: 0.15, shares: 0.15 },
  weibo: { shares: 0.4, comments: 0.4, likes: 0.2 },
  toutiao: { reads: 0.7, likes: 0.1, comments: 0.1, shares: 0.1 },
  channels: { plays: 0.6, likes: 0.15, comments: 0.1, shares: 0.15 },
  douyin: { plays: 0.6, likes: 0.15, comments: 0.1, shares: 0.15 },
  kuaishou: { plays: 0.6, likes: 0.15, comments: 0.1, shares: 0.15 },
  bilibili: { plays: 0.6, likes: 0.15, comments: 0.1, shares: 0.15 },
  app: { reads: 0.7, likes: 0.1, comments: 0.1, shares: 0.1 },
  other: { reads: 0.35, plays: 0.35, likes: 0.1, comments: 0.1, shares: 0.1 },
};

/** Round half away from zero to 2 decimals, for display only. */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Population standard deviation (0 for fewer than 2 values). */
function popSd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

/** Mean, dropping one highest and one lowest when there are at least max(3, trimFrom) values. */
export function trimmedMean(values: number[], trimFrom: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length >= Math.max(3, trimFrom)) return mean(sorted.slice(1, -1));
  return mean(sorted);
}

/** Average ranks 1..n, ascending; ties share the mean of their positions. */
function averageRanks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const ranks = new Array<number>(values.length).fill(0);
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]?.v === order[k]?.v) j++;
    const r = (k + j + 2) / 2;
    for (let t = k; t <= j; t++) ranks[order[t]?.i ?? 0] = r;
    k = j + 1;
  }
  return ranks;
}

/** Σ (t³ − t) over the groups of equal values. */
function tieCorrection(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t ** 3 - t;
  return sum;
}

/**
 * Kendall's coefficient of concordance W for m judges (rows) × n entries (columns), with the
 * tie correction: W = 12·S / (m²(n³ − n) − m·Σ T). Null when m < 2, n < 2 or the denominator is 0.
 */
export function kendallW(matrix: number[][]): number | null {
  const m = matrix.length;
  const n = matrix[0]?.length ?? 0;
  if (m < 2 || n < 2) return null;
  const sums = new Array<number>(n).fill(0);
  let ties = 0;
  for (const row of matrix) {
    const r = averageRanks(row);
    for (let i = 0; i < n; i++) sums[i] = (sums[i] ?? 0) + (r[i] ?? 0);
    ties += tieCorrection(row);
  }
  const rBar = (m * (n + 1)) / 2;
  const s = sums.reduce((a, x) => a + (x - rBar) ** 2, 0);
  const denominator = m * m * (n ** 3 - n) - m * ties;
  if (denominator <= 0) return null;
  return (12 * s) / denominator;
}

/** Combined log-metric value of an entry (before the percentile rank). */
export function metricValue(
  platform: string | null,
  metrics: Metrics,
  weights: Record<string, MetricWeights> = DEFAULT_PLATFORM_WEIGHTS,
): number {
  const w = weights[platform ?? "other"] ?? weights.other ?? {};
  let sum = 0;
  for (const [name, weight] of Object.entries(w) as [MetricName, number][]) {
    const x = metrics[name];
    sum += weight * Math.log((typeof x === "number" && x > 0 ? x : 0) + 1);
  }
  return sum;
}

/** Percentile rank scores 0..100 (best 100, worst 0, ties share the average; one value → 100). */
export function percentileScores(values: number[]): number[] {
  if (values.length === 1) return [100];
  const ranks = averageRanks(values);
  return ranks.map((r) => (100 * (r - 1)) / (values.length - 1));
}

const key6 = (x: number) => Math.round(x * 1e6);

type RankKey = [number, number, number];

type RoundedKey = [number, number, number];
const roundKey = (k: RankKey): RoundedKey => [key6(k[0]), key6(k[1]), key6(k[2])];

/** Compares keys rounded to 6 decimals: negative when a is better (larger), 0 when tied. */
function compareRounded(a: RoundedKey, b: RoundedKey): number {
  return b[0] - a[0] || b[1] - a[1] || b[2] - a[2];
}

/** Number of keys in `sorted` (best first) strictly better than k. */
function lowerBound(sorted: RoundedKey[], k: RoundedKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRounded(sorted[mid] as RoundedKey, k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of keys in `sorted` better than or equal to k. */
function upperBound(sorted: RoundedKey[], k: RoundedKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRounded(sorted[mid] as RoundedKey, k) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tier of a 0-based position in rank order, or null past the total quota. */
function tierAt(tiers: { id: number; quota: number }[], position: number): number | null {
  let end = 0;
  for (const t of tiers) {
    end += Math.max(0, Math.floor(t.quota));
    if (position < end) return t.id;
  }
  return null;
}

type Sheet = { judgeId: string; raw: number; used: number; first: number };

export function tally(input: TallyInput): TallyResult {
  const steps = tallySteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Categories tallied so far, of how many. */
export type TallyStep = { done: number; total: number };

/**
 * The tally one category at a time: yields after each category, returns the whole result. The
 * server runs it this way so it can report progress between categories; `tally` runs it through.
 */
export function* tallySteps(input: TallyInput): Generator<TallyStep, TallyResult, void> {
  const { settings } = input;
  const weights = input.platformWeights ?? DEFAULT_PLATFORM_WEIGHTS;
  const w = Math.min(100, Math.max(0, settings.dataWeightPercent)) / 100;
  const trimFrom = Number.isFinite(settings.trimFrom) ? settings.trimFrom : DEFAULT_TRIM_FROM;

  const categories = [...input.categories].sort((a, b) => a.id - b.id);
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  const entryById = new Map(input.entries.map((e) => [e.id, e]));
  for (const e of input.entries) {
    if (!categoryById.has(e.categoryId)) throw new Error(`entry ${e.id}: unknown category ${e.categoryId}`);
  }

  // Sheets per entry, with raw totals, sorted by judge id.
  const sheetsByEntry = new Map<number, Sheet[]>();
  for (const s of input.sheets) {
    const entry = entryById.get(s.entryId);
    if (!entry) throw new Error(`sheet of ${s.judgeId}: unknown entry ${s.entryId}`);
    const category = categoryById.get(entry.categoryId);
    const criteria = category?.criteria ?? [];
    const raw = criteria.reduce((a, c) => a + (s.points[c.id] ?? 0), 0);
    const first = criteria[0] ? (s.points[criteria[0].id] ?? 0) : 0;
    const list = sheetsByEntry.get(s.entryId) ?? [];
    if (list.some((x) => x.judgeId === s.judgeId)) {
      throw new Error(`entry ${s.entryId}: two sheets from judge ${s.judgeId}`);
    }
    list.push({ judgeId: s.judgeId, raw, used: raw, first });
    sheetsByEntry.set(s.entryId, list);
  }
  for (const list of sheetsByEntry.values()) list.sort((a, b) => cmpStr(a.judgeId, b.judgeId));

  const results: EntryResult[] = [];
  const stats: CategoryStats[] = [];

  for (const [index, category] of categories.entries()) {
    const entries = input.entries.filter((e) => e.categoryId === category.id).sort((a, b) => a.id - b.id);
    const catSheets = entries.flatMap((e) => sheetsByEntry.get(e.id) ?? []);

    if (settings.normalise) normalise(catSheets);

    const scored = entries.filter((e) => (sheetsByEntry.get(e.id)?.length ?? 0) > 0);
    const dataScores = new Map<number, number>();
    if (w > 0 && scored.length > 0) {
      const values = scored.map((e) => metricValue(e.platform, e.metrics, weights));
      const scores = percentileScores(values);
      scored.forEach((e, i) => {
        dataScores.set(e.id, scores[i] ?? 0);
      });
    }

    const keyOf = (sheets: Sheet[], data: number | null): RankKey => {
      const expert = trimmedMean(
        sheets.map((s) => s.used),
        trimFrom,
      );
      const final = data === null ? expert : (1 - w) * expert + w * data;
      return [final, expert, mean(sheets.map((s) => s.first))];
    };

    const keys = new Map<number, RankKey>();
    for (const e of scored)
      keys.set(e.id, keyOf(sheetsByEntry.get(e.id) ?? [], dataScores.get(e.id) ?? null));

    // The scored entries' keys, best first, so a key's place is two binary searches (the
    // "depends on one judge" check asks for a place once per sheet of every entry).
    const sorted = [...keys.values()].map(roundKey).sort((a, b) => compareRounded(a, b));
    /** Tier and rank of a key against the other scored entries, all unchanged. */
    const place = (entryId: number, key: RankKey) => {
      const k = roundKey(key);
      let better = lowerBound(sorted, k);
      let tied = upperBound(sorted, k) - better;
      // Leave the entry's own (current) key out of the count.
      const own = keys.get(entryId);
      if (own) {
        const c = compareRounded(roundKey(own), k);
        if (c < 0) better--;
        else if (c === 0) tied--;
      }
      return {
        rank: better + 1,
        tied,
        tierId: tierAt(category.tiers, better + tied),
        straddles: tied > 0 && tierAt(category.tiers, better) !== tierAt(category.tiers, better + tied),
      };
    };

    const catResults: EntryResult[] = [];
    for (const e of entries) {
      const sheets = sheetsByEntry.get(e.id) ?? [];
      const raws = sheets.map((s) => s.raw);
      const sd = popSd(raws);
      const spread = raws.length > 0 ? Math.max(...raws) - Math.min(...raws) : 0;
      const key = keys.get(e.id);
      const data = dataScores.get(e.id) ?? null;
      const base = {
        entryId: e.id,
        categoryId: category.id,
        sheetTotals: sheets.map((s) => ({
          judgeId: s.judgeId,
          raw: s.raw,
          normalised: settings.normalise ? s.used : null,
        })),
        spread,
        sd,
      };
      if (!key) {
        catResults.push({
          ...base,
          expert: null,
          data: null,
          final: null,
          rank: null,
          tierId: null,
          tie: false,
          flags: { highDisagreement: false, dependsOnOneJudge: false, tieAtBoundary: false },
        });
        continue;
      }
      const p = place(e.id, key);
      let dependsOnOneJudge = false;
      if (sheets.length >= 2) {
        for (let i = 0; i < sheets.length && !dependsOnOneJudge; i++) {
          const rest = sheets.filter((_, j) => j !== i);
          if (place(e.id, keyOf(rest, data)).tierId !== p.tierId) dependsOnOneJudge = true;
        }
      }
      catResults.push({
        ...base,
        expert: key[1],
        data,
        final: key[0],
        rank: p.rank,
        tierId: p.tierId,
        tie: p.tied > 0,
        flags: {
          highDisagreement: sd > HIGH_DISAGREEMENT_SD,
          dependsOnOneJudge,
          tieAtBoundary: p.straddles,
        },
      });
    }
    catResults.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.entryId - b.entryId);
    results.push(...catResults);
    stats.push(agreement(category.id, entries, sheetsByEntry));
    yield { done: index + 1, total: categories.length };
  }
  return { entries: results, categories: stats };
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Step 2: replaces `used` of every sheet of one category by its normalised total. */
function normalise(sheets: Sheet[]): void {
  if (sheets.length === 0) return;
  const poolMean = mean(sheets.map((s) => s.raw));
  const poolSd = popSd(sheets.map((s) => s.raw));
  const byJudge = new Map<string, Sheet[]>();
  for (const s of sheets) {
    const list = byJudge.get(s.judgeId);
    if (list) list.push(s);
    else byJudge.set(s.judgeId, [s]);
  }
  for (const list of byJudge.values()) {
    const m = mean(list.map((s) => s.raw));
    const sd = popSd(list.map((s) => s.raw));
    for (const s of list) s.used = sd > 0 ? poolMean + (poolSd * (s.raw - m)) / sd : poolMean;
  }
}

/** Step 7 (category part): leniency, outlier sheets and Kendall's W on raw totals. */
function agreement(
  categoryId: number,
  entries: { id: number }[],
  sheetsByEntry: Map<number, Sheet[]>,
): CategoryStats {
  const diffs = new Map<string, number[]>();
  const judges = new Set<string>();
  const outlierSheets: CategoryStats["outlierSheets"] = [];
  for (const e of entries) {
    const sheets = sheetsByEntry.get(e.id) ?? [];
    for (const s of sheets) {
      judges.add(s.judgeId);
      const others = sheets.filter((o) => o !== s).map((o) => o.raw);
      if (others.length === 0) continue;
      const difference = s.raw - mean(others);
      const list = diffs.get(s.judgeId);
      if (list) list.push(difference);
      else diffs.set(s.judgeId, [difference]);
      if (Math.abs(difference) > OUTLIER_POINTS)
        outlierSheets.push({ entryId: e.id, judgeId: s.judgeId, difference });
    }
  }
  const judgeIds = [...judges].sort(cmpStr);
  const leniency = judgeIds.map((judgeId) => {
    const d = diffs.get(judgeId) ?? [];
    return { judgeId, meanDifference: d.length > 0 ? mean(d) : null, sheets: d.length };
  });

  // The complete block: entries scored by every judge of the category.
  const complete = entries.filter((e) => {
    const have = new Set((sheetsByEntry.get(e.id) ?? []).map((s) => s.judgeId));
    return judgeIds.every((j) => have.has(j));
  });
  const matrix = judgeIds.map((j) =>
    complete.map((e) => (sheetsByEntry.get(e.id) ?? []).find((s) => s.judgeId === j)?.raw ?? 0),
  );
  const enough = judgeIds.length >= 2 && complete.length >= 2;
  return {
    categoryId,
    kendallW: enough ? kendallW(matrix) : null,
    kendallBlock: { judges: judgeIds.length, entries: complete.length },
    leniency,
    outlierSheets,
  };
}
