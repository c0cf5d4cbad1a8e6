import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { assignments, categories, editions, entries, judgeCategories, units, users } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { csvLines } from "~/modules/forms/csv";
import { type AssignResult, assignJudges } from "./assign";
import { effectiveConflicts, isConflicted } from "./conflicts.server";

/*
 * Assignments as the organizer handles them: the automatic run (the pure algorithm in assign.ts
 * fed from the database and written back in one transaction), changes by hand, and the export.
 */

export type OrganizerActor = { userId: string; ip: string };

export class AssignmentPhaseError extends Error {}
export class AssignmentConflictError extends Error {}
export class AssignmentStateError extends Error {}

/** Assignments are made during review and judging (recusals are filled during judging). */
function assertPhase(phase: string) {
  if (phase !== "review" && phase !== "judging") throw new AssignmentPhaseError("assign.phase");
}

async function lockEdition(tx: Executor, editionId: number) {
  // The edition row lock serialises runs: two organizers pressing the button get one result.
  const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
  if (!edition) throw new Response("Not Found", { status: 404 });
  assertPhase(edition.phase);
  return edition;
}

const CHUNK = 1000;

export type RunSummary = {
  kept: number;
  added: number;
  dropped: number;
  shortfalls: (AssignResult["shortfalls"][number] & { reference: string | null; title: string })[];
};

/** Runs the automatic assignment for every accepted entry of the edition. */
export async function runAutoAssignment(actor: OrganizerActor, editionId: number): Promise<RunSummary> {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    const [accepted, panelRows, conflictPairs, existing] = await Promise.all([
      tx
        .select({ id: entries.id, categoryId: entries.categoryId, unitId: entries.unitId })
        .from(entries)
        .where(and(eq(entries.editionId, editionId), eq(entries.status, "accepted"))),
      tx
        .select({ categoryId: judgeCategories.categoryId, judgeId: judgeCategories.judgeId })
        .from(judgeCategories)
        .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
        .where(eq(categories.editionId, editionId)),
      effectiveConflicts(editionId, { executor: tx }),
      tx
        .select({
          id: assignments.id,
          entryId: assignments.entryId,
          judgeId: assignments.judgeId,
          state: assignments.state,
        })
        .from(assignments)
        .where(eq(assignments.editionId, editionId)),
    ]);
    const panels = new Map<number, string[]>();
    for (const row of panelRows)
      panels.set(row.categoryId, [...(panels.get(row.categoryId) ?? []), row.judgeId]);
    const result = assignJudges({
      k: edition.judgesPerEntry,
      entries: accepted,
      panels: [...panels].map(([categoryId, judgeIds]) => ({ categoryId, judgeIds })),
      conflicts: conflictPairs.map((c) => ({ judgeId: c.judgeId, unitId: c.unitId })),
      existing,
      seed: editionId,
    });

    const byPair = new Map(existing.map((e) => [`${e.entryId}:${e.judgeId}`, e.id]));
    const dropIds = result.drop
      .map((d) => byPair.get(`${d.entryId}:${d.judgeId}`))
      .filter((id) => id !== undefined);
    for (let i = 0; i < dropIds.length; i += CHUNK) {
      await tx.delete(assignments).where(inArray(assignments.id, dropIds.slice(i, i + CHUNK)));
    }
    for (let i = 0; i < result.add.length; i += CHUNK) {
      await tx
        .insert(assignments)
        .values(
          result.add
            .slice(i, i + CHUNK)
            .map((a) => ({ editionId, entryId: a.entryId, judgeId: a.judgeId, createdBy: actor.userId })),
        );
    }
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "assignment.auto",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      after: {
        kept: result.keep.length,
        added: result.add.length,
        dropped: dropIds.length,
        shortfalls: result.shortfalls.length,
      },
    });
    const titles = new Map(
      result.shortfalls.length
        ? (
            await tx
              .select({ id: entries.id, reference: entries.reference, title: entries.title })
              .from(entries)
              .where(
                inArray(
                  entries.id,
                  result.shortfalls.map((s) => s.entryId),
                ),
              )
          ).map((e) => [e.id, e])
        : [],
    );
    return {
      kept: result.keep.length,
      added: result.add.length,
      dropped: dropIds.length,
      shortfalls: result.shortfalls.map((s) => ({
        ...s,
        reference: titles.get(s.entryId)?.reference ?? null,
        title: titles.get(s.entryId)?.title ?? "",
      })),
    };
  });
}

/** Adds one assignment by hand: never to a judge with a conflict with the entry's unit. */
export async function addAssignment(actor: OrganizerActor, entryId: number, judgeId: string) {
  await db().transaction(async (tx) => {
    const [entry] = await tx.select().from(entries).where(eq(entries.id, entryId));
    if (!entry) throw new Response("Not Found", { status: 404 });
    await lockEdition(tx, entry.editionId);
    const [judge] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, judgeId), eq(users.role, "judge")));
    if (!judge) throw new AssignmentStateError("assign.notAJudge");
    if (await isConflicted(entry.editionId, judgeId, entry.unitId, tx))
      throw new AssignmentConflictError("assign.conflicted");
    const [row] = await tx
      .insert(assignments)
      .values({ editionId: entry.editionId, entryId, judgeId, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: assignments.id });
    if (!row) throw new AssignmentStateError("assign.exists");
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "assignment.add",
      subjectType: "assignment",
      subjectId: row.id,
      editionId: entry.editionId,
      after: { entryId, judgeId },
    });
  });
}

/** Removes an open assignment by hand (a submitted sheet is never thrown away this way). */
export async function removeAssignment(actor: OrganizerActor, assignmentId: number) {
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for("update");
    if (!row) throw new Response("Not Found", { status: 404 });
    await lockEdition(tx, row.editionId);
    if (row.state === "submitted") throw new AssignmentStateError("assign.submitted");
    await tx.delete(assignments).where(eq(assignments.id, assignmentId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "assignment.remove",
      subjectType: "assignment",
      subjectId: assignmentId,
      editionId: row.editionId,
      before: { entryId: row.entryId, judgeId: row.judgeId, state: row.state },
    });
  });
}

/** Moves an open assignment to another judge (removal and addition, one transaction, audited). */
export async function moveAssignment(actor: OrganizerActor, assignmentId: number, toJudgeId: string) {
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for("update");
    if (!row) throw new Response("Not Found", { status: 404 });
    await lockEdition(tx, row.editionId);
    if (row.state === "submitted") throw new AssignmentStateError("assign.submitted");
    const [entry] = await tx.select().from(entries).where(eq(entries.id, row.entryId));
    const [judge] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, toJudgeId), eq(users.role, "judge")));
    if (!judge) throw new AssignmentStateError("assign.notAJudge");
    if (!entry) throw new Response("Not Found", { status: 404 });
    if (await isConflicted(row.editionId, toJudgeId, entry.unitId, tx))
      throw new AssignmentConflictError("assign.conflicted");
    const [taken] = await tx
      .select({ id: assignments.id })
      .from(assignments)
      .where(and(eq(assignments.entryId, row.entryId), eq(assignments.judgeId, toJudgeId)));
    if (taken) throw new AssignmentStateError("assign.exists");
    await tx
      .update(assignments)
      .set({ judgeId: toJudgeId, state: "assigned", updatedAt: new Date() })
      .where(eq(assignments.id, assignmentId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "assignment.move",
      subjectType: "assignment",
      subjectId: assignmentId,
      editionId: row.editionId,
      before: { judgeId: row.judgeId },
      after: { judgeId: toJudgeId },
    });
  });
}

export const ASSIGNMENTS_PAGE_SIZE = 100;

/**
 * One page of the edition's assignments for the organizer, with judge and unit names, in entry
 * order. The page's ids come first from the (edition, entry, id) index alone; names are joined
 * for those rows only, so a late page costs an index walk rather than a join of every row before.
 */
export async function listAssignments(editionId: number, page: number, categoryId?: number) {
  let ids = db().select({ id: assignments.id }).from(assignments).$dynamic();
  if (categoryId) ids = ids.innerJoin(entries, eq(entries.id, assignments.entryId));
  const onPage = ids
    .where(
      and(eq(assignments.editionId, editionId), categoryId ? eq(entries.categoryId, categoryId) : undefined),
    )
    .orderBy(asc(assignments.entryId), asc(assignments.id))
    .limit(ASSIGNMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * ASSIGNMENTS_PAGE_SIZE)
    .as("on_page");
  const rows = await db()
    .select({
      id: assignments.id,
      state: assignments.state,
      reference: entries.reference,
      title: entries.title,
      entryId: entries.id,
      unitName: units.name,
      categoryName: categories.name,
      judgeId: users.id,
      judgeName: users.name,
    })
    .from(onPage)
    .innerJoin(assignments, eq(assignments.id, onPage.id))
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .innerJoin(users, eq(users.id, assignments.judgeId))
    .orderBy(asc(assignments.entryId), asc(assignments.id));
  return { rows: rows.slice(0, ASSIGNMENTS_PAGE_SIZE), hasMore: rows.length > ASSIGNMENTS_PAGE_SIZE };
}

/** The edition's judges (every judge on one of its panels), for the manual forms. */
export function editionJudges(editionId: number) {
  return db()
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(judgeCategories)
    .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
    .innerJoin(users, eq(users.id, judgeCategories.judgeId))
    .where(eq(categories.editionId, editionId))
    .orderBy(asc(users.name));
}

/** CSV of every assignment: entry reference, category, judge email, state (streamed by rows). */
export async function* assignmentsCsv(editionId: number): AsyncGenerator<string> {
  yield "\uFEFFentry_reference,category,judge_email,state\r\n";
  const batch = 5000;
  let lastId = 0;
  for (;;) {
    const rows = await db()
      .select({
        id: assignments.id,
        reference: entries.reference,
        category: categories.code,
        email: users.email,
        state: assignments.state,
      })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .innerJoin(categories, eq(categories.id, entries.categoryId))
      .innerJoin(users, eq(users.id, assignments.judgeId))
      .where(and(eq(assignments.editionId, editionId), sql`${assignments.id} > ${lastId}`))
      .orderBy(asc(assignments.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield csvLines(rows.map((r) => [r.reference ?? "", r.category, r.email, r.state]));
    lastId = rows[rows.length - 1]?.id ?? lastId;
  }
}
