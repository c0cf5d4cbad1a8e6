import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import { db, rowsOf } from "#db/client.server";
import {
  assignments,
  categories,
  criteria,
  entries,
  results,
  scorePoints,
  scoreSheets,
  tallySnapshots,
  tierOverrides,
  units,
  users,
} from "#db/schema";
import { type DistributionSummary, summariseScores } from "~/components/charts/summary";
import { csvLines } from "~/modules/forms/csv";
import { type CategoryStats, round2, type TallySettings } from "~/modules/tally/tally";

/*
 * What the organizer's results page and its exports read: the edition's current snapshot with the
 * overrides beside it. Every list is set-based: one query per page of a category, one query for
 * the whole results export, batches of sheets for the sheet export.
 */

export const RESULTS_PAGE_SIZE = 100;

export type SheetTotal = { judgeId: string; raw: number; normalised: number | null };

/** The snapshot as stored, typed. */
export async function snapshotOf(editionId: number) {
  const [row] = await db()
    .select({
      id: tallySnapshots.id,
      settings: tallySnapshots.settings,
      categoryStats: tallySnapshots.categoryStats,
      sheetCount: tallySnapshots.sheetCount,
      ranAt: tallySnapshots.ranAt,
      ranByName: users.name,
    })
    .from(tallySnapshots)
    .leftJoin(users, eq(users.id, tallySnapshots.ranBy))
    .where(eq(tallySnapshots.editionId, editionId));
  if (!row) return undefined;
  return {
    ...row,
    settings: row.settings as TallySettings,
    categoryStats: row.categoryStats as CategoryStats[],
  };
}
export type Snapshot = NonNullable<Awaited<ReturnType<typeof snapshotOf>>>;

/** Judges' display names by user id, for the judges that appear in the snapshot. */
export async function judgeNames(snapshot: Snapshot): Promise<Record<string, string>> {
  const ids = [...new Set(snapshot.categoryStats.flatMap((c) => c.leniency.map((l) => l.judgeId)))];
  if (ids.length === 0) return {};
  const rows = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/**
 * Every sheet total of a category (raw, as the judges gave them), overall and per judge, for the
 * score distribution charts. One query over the category's results.
 */
export async function categoryScores(
  snapshot: Snapshot,
  categoryId: number,
  names: Record<string, string>,
): Promise<DistributionSummary> {
  const rows = await rowsOf<{ judge_id: string; raw: number }>(
    db(),
    sql`
    select t->>'judgeId' as judge_id, (t->>'raw')::float8 as raw
    from ${results} r, jsonb_array_elements(r.sheet_totals) t
    where r.snapshot_id = ${snapshot.id} and r.category_id = ${categoryId}`,
  );
  const byJudge = new Map<string, number[]>();
  const totals: number[] = [];
  for (const r of rows) {
    const raw = Number(r.raw);
    totals.push(raw);
    const list = byJudge.get(r.judge_id);
    if (list) list.push(raw);
    else byJudge.set(r.judge_id, [raw]);
  }
  // Summarised here: the page carries bins and quartiles, not every sheet of a national category.
  return summariseScores(
    totals,
    [...byJudge]
      .map(([id, list]) => ({ name: names[id] ?? id, totals: list }))
      .sort((x, y) => x.name.localeCompare(y.name, "zh-CN")),
  );
}

/** Entries flagged for a look: any flag of the result, or an outlier sheet in the category stats. */
function flaggedWhere(outlierEntryIds: number[]): SQL {
  const outliers = outlierEntryIds.length > 0 ? sql` or ${inArray(results.entryId, outlierEntryIds)}` : sql``;
  return sql`(${results.tie} or ${results.highDisagreement} or ${results.dependsOnOneJudge} or ${results.tieAtBoundary}${outliers})`;
}

export function outlierEntryIds(snapshot: Snapshot, categoryId: number): number[] {
  const stats = snapshot.categoryStats.find((c) => c.categoryId === categoryId);
  return [...new Set(stats?.outlierSheets.map((o) => o.entryId) ?? [])];
}

/** Per category: how many results and how many flagged, in one query. */
export async function categoryCounts(snapshot: Snapshot) {
  const outliers = snapshot.categoryStats.flatMap((c) => c.outlierSheets.map((o) => o.entryId));
  return db()
    .select({
      categoryId: results.categoryId,
      total: count(),
      flagged: sql<number>`count(*) filter (where ${flaggedWhere([...new Set(outliers)])})::int`,
    })
    .from(results)
    .where(eq(results.snapshotId, snapshot.id))
    .groupBy(results.categoryId);
}

/** One page of a category's results in rank order (unranked last), with its override. */
export async function resultsPage(
  snapshot: Snapshot,
  editionId: number,
  categoryId: number,
  options: { page: number; flaggedOnly: boolean },
) {
  const conditions = [eq(results.snapshotId, snapshot.id), eq(results.categoryId, categoryId)];
  if (options.flaggedOnly) conditions.push(flaggedWhere(outlierEntryIds(snapshot, categoryId)));
  const rows = await db()
    .select({
      entryId: results.entryId,
      rank: results.rank,
      rawRank: results.rawRank,
      expert: results.expert,
      data: results.data,
      final: results.final,
      tierId: results.tierId,
      tie: results.tie,
      highDisagreement: results.highDisagreement,
      dependsOnOneJudge: results.dependsOnOneJudge,
      tieAtBoundary: results.tieAtBoundary,
      spread: results.spread,
      sd: results.sd,
      sheetTotals: results.sheetTotals,
      reference: entries.reference,
      title: entries.title,
      unitName: units.name,
      overridden: sql<boolean>`${tierOverrides.entryId} is not null`,
      overrideTierId: tierOverrides.tierId,
      overrideReason: tierOverrides.reason,
    })
    .from(results)
    .innerJoin(entries, eq(entries.id, results.entryId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .leftJoin(
      tierOverrides,
      and(eq(tierOverrides.editionId, editionId), eq(tierOverrides.entryId, results.entryId)),
    )
    .where(and(...conditions))
    .orderBy(sql`${results.rank} asc nulls last`, asc(results.entryId))
    .limit(RESULTS_PAGE_SIZE + 1)
    .offset((options.page - 1) * RESULTS_PAGE_SIZE);
  return {
    rows: rows.slice(0, RESULTS_PAGE_SIZE).map((r) => ({ ...r, sheetTotals: r.sheetTotals as SheetTotal[] })),
    hasMore: rows.length > RESULTS_PAGE_SIZE,
  };
}

/**
 * How judges are named in the exports: in a blind edition J001, J002, … in the order of their user
 * ids among the judges with a submitted sheet in the edition (stable for the edition), otherwise
 * their user id.
 */
export async function judgeLabels(editionId: number, blind: boolean): Promise<(judgeId: string) => string> {
  if (!blind) return (id) => id;
  const rows = await db()
    .selectDistinct({ judgeId: assignments.judgeId })
    .from(assignments)
    .where(and(eq(assignments.editionId, editionId), eq(assignments.state, "submitted")))
    .orderBy(asc(assignments.judgeId));
  const labels = new Map(rows.map((r, i) => [r.judgeId, `J${String(i + 1).padStart(3, "0")}`]));
  return (id) => labels.get(id) ?? id;
}

const FLAG_CODES = ["tie", "highDisagreement", "outlier", "dependsOnOneJudge", "tieAtBoundary"] as const;

export const RESULTS_COLUMNS = [
  "category",
  "rank",
  "raw_rank",
  "reference",
  "title",
  "unit",
  "judge_totals",
  "expert",
  "data",
  "final",
  "tier",
  "override_tier",
  "override_reason",
  "flags",
] as const;

export type ExportRow = {
  category: string;
  rank: number | null;
  rawRank: number | null;
  reference: string;
  title: string;
  unit: string;
  judgeTotals: string;
  expert: number | null;
  data: number | null;
  final: number | null;
  tier: string;
  overrideTier: string;
  overrideReason: string;
  flags: string;
};

/**
 * Every result of the edition's snapshot in one query, in category and rank order, for the
 * .csv and .xlsx exports. `noAward` is the word written for an override to no award.
 */
export async function resultsExportRows(
  edition: { id: number; blindReview: boolean },
  noAward: string,
): Promise<ExportRow[]> {
  const snapshot = await snapshotOf(edition.id);
  if (!snapshot) return [];
  const label = await judgeLabels(edition.id, edition.blindReview);
  const outliers = new Set(snapshot.categoryStats.flatMap((c) => c.outlierSheets.map((o) => o.entryId)));
  const list = await rowsOf<Raw>(
    db(),
    sql`
    select c.code as category, r.rank, r.raw_rank, e.reference, e.title, u.name as unit, r.sheet_totals,
           r.expert, r.data, r.final, t.name as tier, o.entry_id is not null as overridden,
           ot.name as override_tier, o.reason as override_reason, r.entry_id,
           r.tie, r.high_disagreement, r.depends_on_one_judge, r.tie_at_boundary
    from results r
    join entries e on e.id = r.entry_id
    join units u on u.id = e.unit_id
    join categories c on c.id = r.category_id
    left join tiers t on t.id = r.tier_id
    left join tier_overrides o on o.edition_id = ${edition.id} and o.entry_id = r.entry_id
    left join tiers ot on ot.id = o.tier_id
    where r.snapshot_id = ${snapshot.id}
    order by c.position, c.id, r.rank asc nulls last, r.entry_id
  `,
  );
  type Raw = {
    category: string;
    rank: number | null;
    raw_rank: number | null;
    reference: string | null;
    title: string;
    unit: string;
    sheet_totals: SheetTotal[] | string;
    expert: number | null;
    data: number | null;
    final: number | null;
    tier: string | null;
    overridden: boolean;
    override_tier: string | null;
    override_reason: string | null;
    entry_id: number;
    tie: boolean;
    high_disagreement: boolean;
    depends_on_one_judge: boolean;
    tie_at_boundary: boolean;
  };
  const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  return list.map((r) => {
    const totals = (
      typeof r.sheet_totals === "string" ? JSON.parse(r.sheet_totals) : r.sheet_totals
    ) as SheetTotal[];
    const flags = {
      tie: r.tie,
      highDisagreement: r.high_disagreement,
      outlier: outliers.has(Number(r.entry_id)),
      dependsOnOneJudge: r.depends_on_one_judge,
      tieAtBoundary: r.tie_at_boundary,
    };
    return {
      category: r.category,
      rank: num(r.rank),
      rawRank: num(r.raw_rank),
      reference: r.reference ?? "",
      title: r.title,
      unit: r.unit,
      judgeTotals: totals.map((s) => `${label(s.judgeId)}=${s.raw}`).join("; "),
      expert: num(r.expert),
      data: num(r.data),
      final: num(r.final),
      tier: r.tier ?? "",
      overrideTier: r.overridden ? (r.override_tier ?? noAward) : "",
      overrideReason: r.override_reason ?? "",
      flags: FLAG_CODES.filter((f) => flags[f]).join(" "),
    };
  });
}

const fixed2 = (x: number | null) => (x === null ? "" : round2(x).toFixed(2));

export function resultsCsv(rows: ExportRow[]): string {
  return `\uFEFF${csvLines([
    [...RESULTS_COLUMNS],
    ...rows.map((r) => [
      r.category,
      r.rank === null ? "" : String(r.rank),
      r.rawRank === null ? "" : String(r.rawRank),
      r.reference,
      r.title,
      r.unit,
      r.judgeTotals,
      fixed2(r.expert),
      fixed2(r.data),
      fixed2(r.final),
      r.tier,
      r.overrideTier,
      r.overrideReason,
      r.flags,
    ]),
  ])}`;
}

export const SHEETS_COLUMNS = [
  "entry_reference",
  "category",
  "judge",
  "criterion_position",
  "criterion",
  "max_points",
  "points",
  "submitted_at",
] as const;

/**
 * Every point of every submitted sheet on an accepted entry, one CSV line per criterion per
 * sheet, in batches of assignments (keyset on the assignment id), so the export of a national
 * edition streams without holding it whole.
 */
export async function* sheetsCsv(edition: { id: number; blindReview: boolean }): AsyncGenerator<string> {
  const label = await judgeLabels(edition.id, edition.blindReview);
  yield `\uFEFF${csvLines([[...SHEETS_COLUMNS]])}`;
  const batch = 2000;
  let lastId = 0;
  for (;;) {
    const ids = await db()
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(
        and(
          eq(assignments.editionId, edition.id),
          eq(assignments.state, "submitted"),
          eq(entries.status, "accepted"),
          sql`${assignments.id} > ${lastId}`,
        ),
      )
      .orderBy(asc(assignments.id))
      .limit(batch);
    if (ids.length === 0) return;
    const first = ids[0]?.id ?? 0;
    const last = ids[ids.length - 1]?.id ?? 0;
    const rows = await db()
      .select({
        reference: entries.reference,
        category: categories.code,
        judgeId: assignments.judgeId,
        position: criteria.position,
        criterion: criteria.name,
        maxPoints: criteria.maxPoints,
        halfPoints: scorePoints.halfPoints,
        submittedAt: scoreSheets.submittedAt,
      })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .innerJoin(categories, eq(categories.id, entries.categoryId))
      .innerJoin(scorePoints, eq(scorePoints.assignmentId, assignments.id))
      .innerJoin(
        criteria,
        and(eq(criteria.id, scorePoints.criterionId), eq(criteria.categoryId, categories.id)),
      )
      .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
      .where(
        and(
          eq(assignments.editionId, edition.id),
          eq(assignments.state, "submitted"),
          eq(entries.status, "accepted"),
          sql`${assignments.id} between ${first} and ${last}`,
        ),
      )
      .orderBy(asc(assignments.id), asc(criteria.position), asc(criteria.id));
    yield csvLines(
      rows.map((r) => [
        r.reference ?? "",
        r.category,
        label(r.judgeId),
        String(r.position),
        r.criterion,
        String(r.maxPoints),
        String(r.halfPoints / 2),
        r.submittedAt ? r.submittedAt.toISOString() : "",
      ]),
    );
    lastId = last;
  }
}
