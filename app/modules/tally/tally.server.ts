import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { assignments, editions, entries, type results, tallySnapshots } from "#db/schema";
import type { Phase } from "#db/schema/editions";
import type { ConflictDecision } from "#db/schema/judging";
import { audit } from "~/modules/audit/audit.server";
import { listCategories } from "~/modules/editions/editions.server";
import { isConflicted } from "~/modules/judging/conflicts.server";
import { LOAD_STEPS, type TallyProgress } from "./progress";
import { rawRanks as rawRanksOf } from "./raw-ranks";
import {
  type CategoryStats,
  type EntryResult,
  type TallyInput,
  type TallyResult,
  type TallySettings,
  tallySteps,
} from "./tally";

/*
 * The tally against the database: load an edition's accepted entries and submitted sheets, run the
 * pure `tally`, and store the result as the edition's snapshot. The run happens inside one
 * transaction holding the edition's row lock, so a second run started at the same moment waits and
 * then replaces the first one whole: a snapshot is never a mix of two runs.
 */

export type TallyActor = { id: string; ip: string };

/** Phases in which the tally may run: results change only before publication. */
export const TALLY_PHASES: readonly Phase[] = ["judging", "tallied", "notice"];

export class TallyClosedError extends Error {}

export function settingsOf(edition: {
  trimFrom: number;
  normaliseScores: boolean;
  dataWeightPercent: number;
}): TallySettings {
  return {
    trimFrom: edition.trimFrom,
    normalise: edition.normaliseScores,
    dataWeightPercent: edition.dataWeightPercent,
  };
}

/**
 * Everything the tally needs, in four queries whatever the size: categories with rubric and tiers,
 * accepted entries, and the submitted sheets with their points folded into arrays per sheet.
 */
export async function loadTallyInput(
  executor: Executor,
  edition: { id: number; trimFrom: number; normaliseScores: boolean; dataWeightPercent: number },
  /** Called after each of its LOAD_STEPS queries with how many are done. */
  onStep: (done: number) => Promise<void> = async () => {},
): Promise<TallyInput> {
  const cats = await listCategories(edition.id, executor);
  await onStep(1);
  const entryRows = await executor
    .select({
      id: entries.id,
      categoryId: entries.categoryId,
      platform: entries.platform,
      reads: entries.reads,
      plays: entries.plays,
      likes: entries.likes,
      shares: entries.shares,
      comments: entries.comments,
    })
    .from(entries)
    .where(and(eq(entries.editionId, edition.id), eq(entries.status, "accepted")));
  await onStep(2);
  const sheetRows = await sheetPoints(executor, edition.id);
  await onStep(3);
  return {
    settings: settingsOf(edition),
    categories: cats.map((c) => ({
      id: c.id,
      criteria: c.criteria.map((r) => ({ id: r.id, maxPoints: r.maxPoints })),
      tiers: c.tiers.map((t) => ({ id: t.id, name: t.name, quota: t.quota })),
    })),
    entries: entryRows.map((e) => ({
      id: e.id,
      categoryId: e.categoryId,
      platform: e.platform,
      metrics: { reads: e.reads, plays: e.plays, likes: e.likes, shares: e.shares, comments: e.comments },
    })),
    sheets: sheetRows,
  };
}

type SheetRow = { entry_id: number; judge_id: string; criteria: number[]; half_points: number[] };

/**
 * Submitted sheets of accepted entries; points are stored as half-points. The two arrays of a
 * sheet are built in the same pass over the same rows, so they pair up position by position; they
 * are not sorted (an ORDER BY inside array_agg sorts every group and made this query twice as slow
 * on a national edition).
 */
async function sheetPoints(executor: Executor, editionId: number): Promise<TallyInput["sheets"]> {
  const rows = (await executor.execute(sql`
    select a.entry_id, a.judge_id,
           array_agg(p.criterion_id) as criteria,
           array_agg(p.half_points) as half_points
    from assignments a
    join entries e on e.id = a.entry_id and e.status = 'accepted'
    join score_points p on p.assignment_id = a.id
    where a.edition_id = ${editionId} and a.state = 'submitted'
      -- A sheet the organizer voided (scored before a conflict was recorded) does not count.
      and a.conflict_decision is distinct from 'void'
    group by a.id, a.entry_id, a.judge_id
  `)) as unknown;
  // db.execute answers { rows } on PGlite and an array on postgres.js.
  const list = (Array.isArray(rows) ? rows : (rows as { rows: SheetRow[] }).rows) as SheetRow[];
  return list.map((r) => {
    const points: Record<number, number> = {};
    const ids = parseIntArray(r.criteria);
    const halves = parseIntArray(r.half_points);
    ids.forEach((id, i) => {
      points[id] = (halves[i] ?? 0) / 2;
    });
    return { entryId: Number(r.entry_id), judgeId: r.judge_id, points };
  });
}

/** Integer arrays come back parsed on postgres.js and PGlite; a text form is parsed just in case. */
function parseIntArray(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === "string") {
    const inner = value.replace(/^\{|\}$/g, "");
    return inner === "" ? [] : inner.split(",").map(Number);
  }
  return [];
}

export type TallyRun = { snapshotId: number; ranAt: Date; entries: number; sheets: number };

export type RunTallyOptions = {
  now?: Date;
  executor?: Executor;
  /**
   * Told how far the run is: the load queries, each category computed, each batch of result rows
   * written (real counts, in that order). A run with it gives the event loop a turn after each
   * report, so a report streamed to the browser leaves while the tally goes on.
   */
  onProgress?: (progress: TallyProgress) => void | Promise<void>;
};

/**
 * Runs the tally of an edition and replaces its snapshot. Refused (TallyClosedError) outside the
 * phases in which results may still change.
 */
export async function runTally(
  actor: TallyActor,
  editionId: number,
  { now = new Date(), executor = db(), onProgress }: RunTallyOptions = {},
): Promise<TallyRun> {
  const report = async (progress: TallyProgress) => {
    if (!onProgress) return;
    await onProgress(progress);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return executor.transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
    if (!edition) throw new Response("Not Found", { status: 404 });
    if (!TALLY_PHASES.includes(edition.phase)) throw new TallyClosedError(edition.phase);

    await report({ phase: "load", done: 0, total: LOAD_STEPS });
    const input = await loadTallyInput(tx, edition, (done) =>
      report({ phase: "load", done, total: LOAD_STEPS }),
    );
    const steps = tallySteps(input);
    const categoryCount = input.categories.length;
    await report({ phase: "compute", done: 0, total: categoryCount });
    let outcome: TallyResult | undefined;
    while (!outcome) {
      const step = steps.next();
      if (step.done) outcome = step.value;
      else await report({ phase: "compute", ...step.value });
    }
    // Raw ranks beside the normalised ones, so the organizer sees what normalisation changed.
    const rawRanks = input.settings.normalise ? rawRanksOf(input, outcome) : new Map<number, number | null>();

    const [previous] = await tx
      .select({ id: tallySnapshots.id, ranAt: tallySnapshots.ranAt })
      .from(tallySnapshots)
      .where(eq(tallySnapshots.editionId, editionId));
    if (previous) await tx.delete(tallySnapshots).where(eq(tallySnapshots.id, previous.id));
    const [snapshot] = await tx
      .insert(tallySnapshots)
      .values({
        editionId,
        settings: input.settings,
        categoryStats: outcome.categories satisfies CategoryStats[],
        sheetCount: input.sheets.length,
        ranAt: now,
        ranBy: actor.id,
      })
      .returning({ id: tallySnapshots.id });
    if (!snapshot) throw new Error("insert returned nothing");

    const rows = outcome.entries.map((r) => resultRow(r, rawRanks));
    await report({ phase: "write", done: 0, total: rows.length });
    await insertResults(tx, snapshot.id, rows, (done) =>
      report({ phase: "write", done, total: rows.length }),
    );
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "tally.run",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      before: previous ? { ranAt: previous.ranAt.toISOString() } : null,
      after: { settings: input.settings, entries: rows.length, sheets: input.sheets.length },
    });
    return { snapshotId: snapshot.id, ranAt: now, entries: rows.length, sheets: input.sheets.length };
  });
}

type ResultRow = Omit<typeof results.$inferInsert, "snapshotId">;

function resultRow(r: EntryResult, rawRanks: Map<number, number | null>): ResultRow {
  return {
    entryId: r.entryId,
    categoryId: r.categoryId,
    expert: r.expert,
    data: r.data,
    final: r.final,
    rank: r.rank,
    rawRank: rawRanks.size > 0 ? (rawRanks.get(r.entryId) ?? null) : r.rank,
    tierId: r.tierId,
    tie: r.tie,
    highDisagreement: r.flags.highDisagreement,
    dependsOnOneJudge: r.flags.dependsOnOneJudge,
    tieAtBoundary: r.flags.tieAtBoundary,
    spread: r.spread,
    sd: r.sd,
    sheetTotals: r.sheetTotals,
  };
}

const INSERT_BATCH = 10_000;

/**
 * Writes the results in a few statements whatever the size: each batch travels as ONE JSON
 * parameter unpacked by jsonb_to_recordset, instead of thousands of bound parameters per
 * statement (the statement-per-batch insert took seconds for a national edition).
 */
async function insertResults(
  tx: Executor,
  snapshotId: number,
  rows: ResultRow[],
  onBatch: (written: number) => Promise<void>,
) {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = JSON.stringify(
      rows.slice(i, i + INSERT_BATCH).map((r) => ({
        entry_id: r.entryId,
        category_id: r.categoryId,
        expert: r.expert,
        data: r.data,
        final: r.final,
        rank: r.rank,
        raw_rank: r.rawRank,
        tier_id: r.tierId,
        tie: r.tie,
        high_disagreement: r.highDisagreement,
        depends_on_one_judge: r.dependsOnOneJudge,
        tie_at_boundary: r.tieAtBoundary,
        spread: r.spread,
        sd: r.sd,
        sheet_totals: r.sheetTotals,
      })),
    );
    await tx.execute(sql`
      insert into results (snapshot_id, entry_id, category_id, expert, data, final, rank, raw_rank,
        tier_id, tie, high_disagreement, depends_on_one_judge, tie_at_boundary, spread, sd, sheet_totals)
      select ${snapshotId}, x.entry_id, x.category_id, x.expert, x.data, x.final, x.rank, x.raw_rank,
        x.tier_id, x.tie, x.high_disagreement, x.depends_on_one_judge, x.tie_at_boundary, x.spread, x.sd,
        x.sheet_totals
      from jsonb_to_recordset(${batch}::jsonb) as x(entry_id int, category_id int, expert float8,
        data float8, final float8, rank int, raw_rank int, tier_id int, tie boolean,
        high_disagreement boolean, depends_on_one_judge boolean, tie_at_boundary boolean,
        spread float8, sd float8, sheet_totals jsonb)
    `);
    await onBatch(Math.min(i + INSERT_BATCH, rows.length));
  }
}

/** The edition's current snapshot (without its results), or undefined before the first run. */
export async function currentSnapshot(editionId: number, executor: Executor = db()) {
  const [row] = await executor.select().from(tallySnapshots).where(eq(tallySnapshots.editionId, editionId));
  return row;
}

/** The sheet is not in conflict, or results can no longer change. */
export class SheetDecisionError extends Error {}

/**
 * The organizer keeps or voids a submitted sheet whose judge has a conflict with the entry's unit
 * (recorded after the sheet was submitted): a voided sheet is left out of the next tally. Only
 * while results may change (the tally's phases), under the edition's lock like an override, and
 * audited.
 */
export async function decideConflictedSheet(
  actor: TallyActor,
  editionId: number,
  assignmentId: number,
  decision: ConflictDecision,
): Promise<void> {
  await db().transaction(async (tx) => {
    const [edition] = await tx
      .select({ phase: editions.phase })
      .from(editions)
      .where(eq(editions.id, editionId))
      .for("update");
    if (!edition) throw new Response("Not Found", { status: 404 });
    if (!TALLY_PHASES.includes(edition.phase)) throw new SheetDecisionError("phase");
    const [row] = await tx
      .select({
        state: assignments.state,
        judgeId: assignments.judgeId,
        entryId: assignments.entryId,
        decision: assignments.conflictDecision,
        unitId: entries.unitId,
      })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(and(eq(assignments.id, assignmentId), eq(assignments.editionId, editionId)))
      .for("update", { of: assignments });
    if (!row) throw new Response("Not Found", { status: 404 });
    if (row.state !== "submitted" || !(await isConflicted(editionId, row.judgeId, row.unitId, tx)))
      throw new SheetDecisionError("not in conflict");
    if (row.decision === decision) return;
    await tx
      .update(assignments)
      .set({ conflictDecision: decision, updatedAt: new Date() })
      .where(eq(assignments.id, assignmentId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: decision === "keep" ? "sheet.conflictKeep" : "sheet.conflictVoid",
      subjectType: "assignment",
      subjectId: assignmentId,
      editionId,
      before: { decision: row.decision },
      after: { decision, judgeId: row.judgeId, entryId: row.entryId },
    });
  });
}
