import { and, asc, count, eq, gt, lt, sql } from "drizzle-orm";
import { db } from "#db/client.server";
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
import { audit } from "~/modules/audit/audit.server";
import type { SheetInput } from "./scoring";

/*
 * A judge's assignments and score sheets. Every query is scoped by the judge's id, so an
 * assignment of another judge is "not found"; other judges' points are never selected here.
 */

export type JudgeActor = { userId: string; ip: string };

export class ScoringClosedError extends Error {}
export class SheetLockedError extends Error {}
export class SheetConflictError extends Error {}

const notFound = () => new Response("Not Found", { status: 404 });

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
    .where(eq(assignments.judgeId, judgeId))
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
    .where(and(eq(assignments.judgeId, judgeId), eq(entries.categoryId, categoryId)))
    .orderBy(asc(assignments.id));
}

/**
 * Everything the judge needs on one page: the entry (without the unit and account in blind
 * review), the rubric, the judge's own sheet, and the previous and next assignment.
 */
export async function assignmentForJudge(judgeId: string, assignmentId: number) {
  const [row] = await db()
    .select({ assignment: assignments, entry: entries, category: categories, edition: editions })
    .from(assignments)
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, assignments.editionId))
    .where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, judgeId)))
    .limit(1);
  if (!row) throw notFound();
  const sameCategory = and(eq(assignments.judgeId, judgeId), eq(entries.categoryId, row.category.id));
  const [rubric, files, sheet, points, prev, next, who] = await Promise.all([
    db()
      .select()
      .from(criteria)
      .where(eq(criteria.categoryId, row.category.id))
      .orderBy(asc(criteria.position)),
    db()
      .select({
        id: attachments.id,
        kind: attachments.kind,
        contentType: attachments.contentType,
        size: attachments.size,
      })
      .from(attachments)
      .where(eq(attachments.entryId, row.entry.id))
      .orderBy(asc(attachments.id)),
    db().select().from(scoreSheets).where(eq(scoreSheets.assignmentId, assignmentId)),
    db().select().from(scorePoints).where(eq(scorePoints.assignmentId, assignmentId)),
    db()
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(and(sameCategory, lt(assignments.id, assignmentId)))
      .orderBy(sql`${assignments.id} desc`)
      .limit(1),
    db()
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(and(sameCategory, gt(assignments.id, assignmentId)))
      .orderBy(asc(assignments.id))
      .limit(1),
    row.edition.blindReview
      ? Promise.resolve([])
      : db()
          .select({ unitName: units.name, accountName: accounts.name })
          .from(entries)
          .innerJoin(units, eq(units.id, entries.unitId))
          .leftJoin(accounts, eq(accounts.id, entries.accountId))
          .where(eq(entries.id, row.entry.id)),
  ]);
  const e = row.entry;
  return {
    assignment: { id: row.assignment.id, state: row.assignment.state },
    edition: {
      id: row.edition.id,
      name: row.edition.name,
      phase: row.edition.phase,
      blind: row.edition.blindReview,
    },
    category: { id: row.category.id, name: row.category.name },
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
      unitName: who[0]?.unitName ?? null,
      accountName: who[0]?.accountName ?? null,
    },
    rubric: rubric.map((c) => ({ id: c.id, name: c.name, descriptor: c.descriptor, maxPoints: c.maxPoints })),
    attachments: files,
    sheet: {
      version: sheet[0]?.version ?? 0,
      comment: sheet[0]?.comment ?? "",
      submittedAt: sheet[0]?.submittedAt ?? null,
      points: Object.fromEntries(points.map((p) => [p.criterionId, p.halfPoints / 2])),
    },
    prevId: prev[0]?.id ?? null,
    nextId: next[0]?.id ?? null,
  };
}

export type SaveSheetResult = { version: number; submitted: boolean };

/**
 * Saves the judge's sheet, and submits it when asked. Only during judging, only for the judge's
 * own open assignment, only from the version the form was loaded with (two tabs cannot lose an
 * update); submitting a sheet that was just submitted from the same form does nothing.
 */
export async function saveSheet(
  actor: JudgeActor,
  assignmentId: number,
  input: SheetInput,
  now = new Date(),
): Promise<SaveSheetResult> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({ assignment: assignments, phase: editions.phase, categoryId: entries.categoryId })
      .from(assignments)
      .innerJoin(editions, eq(editions.id, assignments.editionId))
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(and(eq(assignments.id, assignmentId), eq(assignments.judgeId, actor.userId)))
      .for("update", { of: assignments });
    if (!row) throw notFound();
    const [sheet] = await tx.select().from(scoreSheets).where(eq(scoreSheets.assignmentId, assignmentId));
    const current = sheet?.version ?? 0;
    if (row.assignment.state === "submitted") {
      if (input.intent === "submit" && input.version === current - 1)
        return { version: current, submitted: true };
      throw new SheetLockedError("sheet.locked");
    }
    if (row.assignment.state === "recused") throw new SheetLockedError("sheet.recused");
    if (row.phase !== "judging") throw new ScoringClosedError("sheet.notJudging");
    if (input.version !== current) throw new SheetConflictError("sheet.conflict");

    const rubric = await tx
      .select({ id: criteria.id })
      .from(criteria)
      .where(eq(criteria.categoryId, row.categoryId));
    const known = new Set(rubric.map((c) => c.id));
    const lines = [...input.points].filter(([id]) => known.has(id));
    const submitted = input.intent === "submit";
    if (sheet) {
      await tx
        .update(scoreSheets)
        .set({
          comment: input.comment,
          version: current + 1,
          updatedAt: now,
          submittedAt: submitted ? now : null,
        })
        .where(eq(scoreSheets.assignmentId, assignmentId));
    } else {
      await tx.insert(scoreSheets).values({
        assignmentId,
        comment: input.comment,
        version: 1,
        updatedAt: now,
        submittedAt: submitted ? now : null,
      });
    }
    await tx.delete(scorePoints).where(eq(scorePoints.assignmentId, assignmentId));
    if (lines.length > 0) {
      await tx
        .insert(scorePoints)
        .values(lines.map(([criterionId, halfPoints]) => ({ assignmentId, criterionId, halfPoints })));
    }
    if (submitted) {
      await tx
        .update(assignments)
        .set({ state: "submitted", updatedAt: now })
        .where(eq(assignments.id, assignmentId));
      await audit(tx, {
        actorId: actor.userId,
        ip: actor.ip,
        action: "sheet.submit",
        subjectType: "assignment",
        subjectId: assignmentId,
        editionId: row.assignment.editionId,
        after: {
          points: Object.fromEntries(lines.map(([id, half]) => [id, half / 2])),
          comment: input.comment,
        },
      });
    }
    return { version: current + 1, submitted };
  });
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
