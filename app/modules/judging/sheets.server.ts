import { and, asc, count, eq, type SQLWrapper, sql } from "drizzle-orm";
import { db, prepared, rowsOf } from "#db/client.server";
import {
  accounts,
  assignments,
  attachments,
  categories,
  criteria,
  editions,
  entries,
  scorePoints,
  scoreSheets,
  units,
} from "#db/schema";
import { audit, auditAppend } from "~/modules/audit/audit.server";
import { parseSheetForm, type SheetInput } from "./scoring";

/*
 * A judge's assignments and score sheets. Every query is scoped by the judge's id, so an
 * assignment of another judge is "not found"; other judges' points are never selected here.
 */

export type JudgeActor = { userId: string; ip: string };

export class ScoringClosedError extends Error {}
export class SheetLockedError extends Error {}
export class SheetConflictError extends Error {}

const notFound = () => new Response("Not Found", { status: 404 });

/**
 * Judges see their assignments from judging on (judgeSeesAssignments in conflicts.ts): before, the
 * organizer's runs apply declared conflicts, and the changes would link entries to units.
 */
const seenByJudge = sql`${editions.phase} not in ('draft', 'open', 'review')`;

/** Per category: how many of the judge's assignments are open, submitted, recused; and the next. */
export async function judgeQueue(judgeId: string) {
  const rows = await db()
    .select({
      editionId: editions.id,
      editionName: editions.name,
      phase: editions.phase,
      judgingEndsAt: editions.judgingEndsAt,
      categoryId: categories.id,
      categoryName: categories.name,
      state: assignments.state,
      n: count(),
      next: sql<number | null>`min(case when ${assignments.state} = 'assigned' then ${assignments.id} end)`,
    })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, assignments.editionId))
    .where(and(eq(assignments.judgeId, judgeId), seenByJudge))
    .groupBy(editions.id, categories.id, assignments.state)
    .orderBy(asc(editions.id), asc(categories.position));
  type Line = {
    editionId: number;
    editionName: string;
    phase: string;
    judgingEndsAt: Date | null;
    categoryId: number;
    categoryName: string;
    open: number;
    submitted: number;
    recused: number;
    next: number | null;
  };
  const lines = new Map<string, Line>();
  for (const r of rows) {
    const key = `${r.editionId}:${r.categoryId}`;
    const line = lines.get(key) ?? {
      editionId: r.editionId,
      editionName: r.editionName,
      phase: r.phase,
      judgingEndsAt: r.judgingEndsAt,
      categoryId: r.categoryId,
      categoryName: r.categoryName,
      open: 0,
      submitted: 0,
      recused: 0,
      next: null,
    };
    if (r.state === "assigned") {
      line.open += Number(r.n);
      line.next = r.next === null ? null : Number(r.next);
    } else if (r.state === "submitted") line.submitted += Number(r.n);
    else line.recused += Number(r.n);
    lines.set(key, line);
  }
  return [...lines.values()];
}

/** The judge's assignments in one category of an edition, in a stable order. */
export function judgeAssignmentsInCategory(judgeId: string, categoryId: number) {
  return db()
    .select({
      id: assignments.id,
      state: assignments.state,
      reference: entries.reference,
      title: entries.title,
      total: sql<
        number | null
      >`(select sum(${scorePoints.halfPoints}) from ${scorePoints} where ${scorePoints.assignmentId} = ${assignments.id})`,
    })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(editions, eq(editions.id, assignments.editionId))
    .where(and(eq(assignments.judgeId, judgeId), eq(entries.categoryId, categoryId), seenByJudge))
    .orderBy(asc(assignments.id));
}

type Criterion = { id: number; name: string; descriptor: string; maxPoints: number };

/** The rubric of the entry's category, in order, as one JSON value of the row. */
const rubricOf = () => sql<Criterion[] | null>`(
  select json_agg(json_build_object('id', c.id, 'name', c.name, 'descriptor', c.descriptor,
    'maxPoints', c.max_points) order by c.position)
  from ${criteria} c where c.category_id = ${entries.categoryId})`;

/** The judge's previous or next assignment in the same category, for the links and "save and go". */
const neighbour = (judgeId: SQLWrapper, direction: "prev" | "next") => sql<number | null>`(
  select a2.id from ${assignments} a2 join ${entries} e2 on e2.id = a2.entry_id
  where a2.judge_id = ${judgeId} and e2.category_id = ${entries.categoryId}
    and ${direction === "prev" ? sql`a2.id < ${assignments.id}` : sql`a2.id > ${assignments.id}`}
  order by a2.id ${direction === "prev" ? sql`desc` : sql`asc`} limit 1)`;

/**
 * Everything the judge needs on one page: the entry (without the unit and account in blind
 * review), the rubric, the judge's own sheet, and the previous and next assignment. One query:
 * the page and every save ask for it, and judging is the busiest path of an award.
 */
export async function assignmentForJudge(judgeId: string, assignmentId: number) {
  const [row] = await assignmentPage().execute({ judgeId, assignmentId });
  if (!row) throw notFound();
  const sheet = row.sheet;
  const e = row.entry;
  return {
    assignment: row.assignment,
    edition: row.edition,
    category: row.category,
    // Only what a judge may see: in blind review no unit, account or uploaded file name.
    entry: {
      reference: e.reference,
      title: e.title,
      platform: e.platform,
      link: e.link,
      videoLink: e.videoLink,
      publishDate: e.publishDate,
      summary: e.summary,
      metrics: { reads: e.reads, plays: e.plays, likes: e.likes, shares: e.shares, comments: e.comments },
      unitName: row.unitName,
      accountName: row.accountName,
    },
    rubric: row.rubric ?? [],
    attachments: (row.files ?? []).map((f) => ({ ...f, size: Number(f.size) })),
    sheet: {
      version: sheet?.version ?? 0,
      comment: sheet?.comment ?? "",
      submittedAt: sheet?.submittedAt ?? null,
      points: Object.fromEntries((row.points ?? []).map(([criterionId, half]) => [criterionId, half / 2])),
    },
    prevId: row.prevId === null ? null : Number(row.prevId),
    nextId: row.nextId === null ? null : Number(row.nextId),
  };
}

type File = {
  id: number;
  kind: (typeof attachments.$inferSelect)["kind"];
  contentType: string;
  size: number;
};

const judgeParam = sql.placeholder("judgeId");
const assignmentParam = sql.placeholder("assignmentId");

/** The score sheet page's query, built once per database (see `prepared`). */
const assignmentPage = prepared((d) =>
  d
    // Only the columns the page shows: the hot path pays for every column built and decoded.
    .select({
      assignment: { id: assignments.id, state: assignments.state },
      edition: { id: editions.id, name: editions.name, phase: editions.phase, blind: editions.blindReview },
      category: { id: categories.id, name: categories.name },
      entry: {
        reference: entries.reference,
        title: entries.title,
        platform: entries.platform,
        link: entries.link,
        videoLink: entries.videoLink,
        publishDate: entries.publishDate,
        summary: entries.summary,
        reads: entries.reads,
        plays: entries.plays,
        likes: entries.likes,
        shares: entries.shares,
        comments: entries.comments,
      },
      sheet: {
        version: scoreSheets.version,
        comment: scoreSheets.comment,
        submittedAt: scoreSheets.submittedAt,
      },
      rubric: rubricOf(),
      files: sql<File[] | null>`(
        select json_agg(json_build_object('id', f.id, 'kind', f.kind, 'contentType', f.content_type,
          'size', f.size) order by f.id)
        from ${attachments} f where f.entry_id = ${entries.id})`,
      points: sql<[number, number][] | null>`(
        select json_agg(json_build_array(p.criterion_id, p.half_points))
        from ${scorePoints} p where p.assignment_id = ${assignments.id})`,
      prevId: neighbour(judgeParam, "prev"),
      nextId: neighbour(judgeParam, "next"),
      // In blind review the unit and account never leave the database.
      unitName: sql<string | null>`case when ${editions.blindReview} then null else ${units.name} end`,
      accountName: sql<string | null>`case when ${editions.blindReview} then null else ${accounts.name} end`,
    })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, assignments.editionId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .leftJoin(accounts, eq(accounts.id, entries.accountId))
    .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
    .where(and(eq(assignments.id, assignmentParam), eq(assignments.judgeId, judgeParam), seenByJudge))
    .limit(1)
    .prepare("assignment_page"),
);

export type SaveSheetResult =
  | { ok: true; version: number; submitted: boolean; prevId: number | null; nextId: number | null }
  | { ok: false; errors: Record<string, string[]> };

/**
 * Checks the score sheet form against the entry's rubric and saves it, submitting it when asked.
 * Only during judging, only for the judge's own open assignment, only from the version the form
 * was loaded with (two tabs cannot lose an update); submitting a sheet that was just submitted
 * from the same form does nothing. Bad input is answered with field errors and saves nothing.
 * Also answers the previous and next assignment of the category, for "save and go on".
 */
export async function saveSheet(
  actor: JudgeActor,
  assignmentId: number,
  form: FormData,
  now = new Date(),
): Promise<SaveSheetResult> {
  // Two round trips, on purpose: judging is the busiest path (see tests/bench/load-judging). The
  // read gives the rubric to check the form against; the write re-checks everything it relied on.
  const row = await sheetForSave(actor.userId, assignmentId);
  const parsed = parseSheetForm(form, row.rubric ?? []);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const done = (version: number, submitted: boolean): SaveSheetResult => ({
    ok: true,
    version,
    submitted,
    prevId: row.prevId === null ? null : Number(row.prevId),
    nextId: row.nextId === null ? null : Number(row.nextId),
  });
  const settled = refusal(row, input);
  if (settled) return done(await sameSubmission(assignmentId, input, settled.version), true);
  const version = await writeSheet(actor, assignmentId, row, input, now);
  if (version === null) {
    // The sheet, the assignment or the phase changed since the read: say what, from a new read.
    const again = await sheetForSave(actor.userId, assignmentId);
    const after = refusal(again, input);
    if (after) return done(await sameSubmission(assignmentId, input, after.version), true);
    throw new SheetConflictError("sheet.conflict");
  }
  return done(version, input.intent === "submit");
}

type SheetState = {
  state: (typeof assignments.$inferSelect)["state"];
  editionId: number;
  phase: string;
  categoryId: number;
  version: number | null;
  rubric: Criterion[] | null;
  prevId: number | null;
  nextId: number | null;
};

/** What a save needs to know, for the judge's own assignment; 404 for anyone else's. */
async function sheetForSave(judgeId: string, assignmentId: number): Promise<SheetState> {
  const [row] = await sheetStateQuery().execute({ judgeId, assignmentId });
  if (!row) throw notFound();
  return row;
}

const sheetStateQuery = prepared((d) =>
  d
    .select({
      state: assignments.state,
      editionId: assignments.editionId,
      phase: editions.phase,
      categoryId: entries.categoryId,
      version: scoreSheets.version,
      rubric: rubricOf(),
      prevId: neighbour(judgeParam, "prev"),
      nextId: neighbour(judgeParam, "next"),
    })
    .from(assignments)
    .innerJoin(editions, eq(editions.id, assignments.editionId))
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .leftJoin(scoreSheets, eq(scoreSheets.assignmentId, assignments.id))
    .where(and(eq(assignments.id, assignmentParam), eq(assignments.judgeId, judgeParam), seenByJudge))
    .prepare("sheet_state"),
);

/**
 * Why a save cannot go ahead, thrown; or, for a submission that already went through from the
 * same form (a double click, a retried request), the version it left. Null: go ahead.
 */
function refusal(row: SheetState, input: SheetInput): { version: number } | null {
  const current = row.version ?? 0;
  if (row.state === "submitted") {
    if (input.intent === "submit" && input.version === current - 1) return { version: current };
    throw new SheetLockedError("sheet.locked");
  }
  if (row.state === "recused") throw new SheetLockedError("sheet.recused");
  if (row.phase !== "judging") throw new ScoringClosedError("sheet.notJudging");
  if (input.version !== current) throw new SheetConflictError("sheet.conflict");
  return null;
}

/**
 * A submission from the form the sheet was submitted from is a repeat (a double click, a retried
 * request) only when it carries what was submitted; other points or another comment (a second
 * tab) would be answered "submitted" while the first scores stand, so they are refused.
 */
async function sameSubmission(assignmentId: number, input: SheetInput, version: number): Promise<number> {
  const [sheet] = await db()
    .select({ comment: scoreSheets.comment })
    .from(scoreSheets)
    .where(eq(scoreSheets.assignmentId, assignmentId));
  const stored = await db()
    .select({ criterionId: scorePoints.criterionId, halfPoints: scorePoints.halfPoints })
    .from(scorePoints)
    .where(eq(scorePoints.assignmentId, assignmentId));
  const same =
    sheet?.comment === input.comment &&
    stored.length === input.points.size &&
    stored.every((p) => input.points.get(p.criterionId) === p.halfPoints);
  if (!same) throw new SheetLockedError("sheet.alreadySubmitted");
  return version;
}

/**
 * Writes the sheet, its points, and on submission the assignment's state and the audit record, in
 * one statement (so no transaction is held open across round trips, and the audit chain's lock
 * only until it commits). It writes only while the assignment is still the judge's, open and in
 * judging, and the sheet still at the version the form was loaded with; otherwise it writes
 * nothing and answers null. Points are kept only for criteria of the entry's own category;
 * criteria left empty lose their old points.
 */
async function writeSheet(
  actor: JudgeActor,
  assignmentId: number,
  row: SheetState,
  input: SheetInput,
  now: Date,
): Promise<number | null> {
  const submitted = input.intent === "submit";
  const lines = [...input.points];
  // Raw SQL parameters: timestamps as ISO text (the postgres.js driver passes Dates through unserialised).
  const at = now.toISOString();
  const submittedAt = submitted ? at : null;
  const criterionIds = sql.join(
    lines.map(([id]) => sql`${id}::integer`),
    sql`, `,
  );
  const audited = submitted
    ? sql`, audited as (select ${auditAppend(
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: "sheet.submit",
          subjectType: "assignment",
          subjectId: assignmentId,
          editionId: row.editionId,
          after: {
            points: Object.fromEntries(lines.map(([id, half]) => [id, half / 2])),
            comment: input.comment,
          },
        },
        now,
      )} as id from sheet)`
    : sql``;
  const [written] = await rowsOf<{ version: number | null }>(
    db(),
    sql`with target as (
        select a.id from ${assignments} a join ${editions} ed on ed.id = a.edition_id
        where a.id = ${assignmentId} and a.judge_id = ${actor.userId}
          and a.state = 'assigned' and ed.phase = 'judging'
        for update of a
      ), sheet as (
        insert into ${scoreSheets} (assignment_id, comment, version, updated_at, submitted_at)
        select t.id, ${input.comment}, 1, ${at}::timestamptz, ${submittedAt}::timestamptz from target t
        -- A sheet at version 0 does not exist yet; any other version must be the one stored.
        where ${input.version}::integer = 0
          or exists (select 1 from ${scoreSheets} s where s.assignment_id = t.id)
        on conflict (assignment_id) do update
          set comment = excluded.comment, version = ${scoreSheets.version} + 1,
              updated_at = excluded.updated_at, submitted_at = excluded.submitted_at
          where ${scoreSheets.version} = ${input.version}::integer
        returning assignment_id, version
      ), emptied as (
        delete from ${scorePoints} where assignment_id in (select assignment_id from sheet)${
          lines.length > 0 ? sql` and criterion_id not in (${criterionIds})` : sql``
        }
      )${
        lines.length > 0
          ? sql`, points as (
        insert into ${scorePoints} (assignment_id, criterion_id, half_points)
        select s.assignment_id, c.id, v.half
        from sheet s
        cross join (values ${sql.join(
          lines.map(([id, half]) => sql`(${id}::integer, ${half}::integer)`),
          sql`, `,
        )}) as v(id, half)
        join ${criteria} c on c.id = v.id and c.category_id = ${row.categoryId}
        on conflict (assignment_id, criterion_id) do update set half_points = excluded.half_points
      )`
          : sql``
      }${
        submitted
          ? sql`, state as (
        update ${assignments} set state = 'submitted', updated_at = ${at}::timestamptz
        where id in (select assignment_id from sheet)
      )`
          : sql``
      }${audited}
      select (select version from sheet) as version${submitted ? sql`, (select count(*) from audited) as audited` : sql``}`,
  );
  return written?.version ?? null;
}

/** An organizer reopens a submitted sheet (e.g. a judge's typo), with a reason, audited. */
export async function reopenSheet(actor: JudgeActor, assignmentId: number, reason: string, now = new Date()) {
  await db().transaction(async (tx) => {
    const [row] = await tx
      .select({ assignment: assignments, phase: editions.phase })
      .from(assignments)
      .innerJoin(editions, eq(editions.id, assignments.editionId))
      .where(eq(assignments.id, assignmentId))
      .for("update", { of: assignments });
    if (!row) throw notFound();
    if (row.assignment.state !== "submitted") throw new SheetLockedError("sheet.notSubmitted");
    if (row.phase !== "judging") throw new ScoringClosedError("sheet.notJudging");
    await tx
      .update(assignments)
      .set({ state: "assigned", updatedAt: now })
      .where(eq(assignments.id, assignmentId));
    await tx
      .update(scoreSheets)
      .set({ submittedAt: null, version: sql`${scoreSheets.version} + 1`, updatedAt: now })
      .where(eq(scoreSheets.assignmentId, assignmentId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "sheet.reopen",
      subjectType: "assignment",
      subjectId: assignmentId,
      editionId: row.assignment.editionId,
      before: { state: "submitted" },
      after: { state: "assigned", reason },
    });
  });
}
