import { asc, desc, eq, inArray, ne } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { categories, criteria, editions, type Phase, tallySnapshots, tiers } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { conflictedAssignments } from "~/modules/judging/conflicts.server";
import { type EditionSummary, editionEditable, phaseChangeProblems, setupEditable } from "./phases";
import type { CategoryInput, EditionInput } from "./schema";
import { fromLocalInput } from "./time";

export type Actor = { id: string; ip: string };
export type Edition = typeof editions.$inferSelect;

export class SlugTakenError extends Error {}
export class CodeTakenError extends Error {}
/** The edition's phase does not allow this change. */
export class PhaseLockedError extends Error {}

function editionValues(input: EditionInput) {
  return {
    name: input.name,
    slug: input.slug,
    year: input.year,
    organizers: input.organizers,
    description: input.description,
    statsFrom: input.statsFrom ?? null,
    statsTo: input.statsTo ?? null,
    submissionOpensAt: fromLocalInput(input.submissionOpensAt),
    submissionClosesAt: fromLocalInput(input.submissionClosesAt),
    judgingStartsAt: fromLocalInput(input.judgingStartsAt),
    judgingEndsAt: fromLocalInput(input.judgingEndsAt),
    noticeStartsAt: fromLocalInput(input.noticeStartsAt),
    noticeEndsAt: fromLocalInput(input.noticeEndsAt),
    ceremonyAt: fromLocalInput(input.ceremonyAt),
    judgesPerEntry: input.judgesPerEntry,
    blindReview: input.blindReview,
    conflictSameRegion: input.conflictSameRegion,
    entriesPerUnitPerCategory: input.entriesPerUnitPerCategory,
    trimFrom: input.trimFrom,
    dataWeightPercent: input.dataWeightPercent,
    normaliseScores: input.normaliseScores,
  };
}

async function slugTaken(executor: Executor, slug: string, exceptId?: number) {
  const [row] = await executor
    .select({ id: editions.id })
    .from(editions)
    .where(eq(editions.slug, slug))
    .limit(1);
  return row !== undefined && row.id !== exceptId;
}

/* ---------- organizer side ---------- */

/** Every edition, newest first (organizers run all editions on this portal). */
export function listEditions() {
  return db()
    .select({
      id: editions.id,
      slug: editions.slug,
      name: editions.name,
      year: editions.year,
      phase: editions.phase,
      isDemo: editions.isDemo,
    })
    .from(editions)
    .orderBy(desc(editions.year), desc(editions.id));
}

export async function getEdition(id: number): Promise<Edition | undefined> {
  const [row] = await db().select().from(editions).where(eq(editions.id, id)).limit(1);
  return row;
}

export async function createEdition(actor: Actor, input: EditionInput): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    if (await slugTaken(tx, input.slug)) throw new SlugTakenError(input.slug);
    const [row] = await tx.insert(editions).values(editionValues(input)).returning({ id: editions.id });
    if (!row) throw new Error("insert returned nothing");
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "edition.create",
      subjectType: "edition",
      subjectId: row.id,
      editionId: row.id,
      after: input,
    });
    return row;
  });
}

export async function updateEdition(actor: Actor, id: number, input: EditionInput): Promise<void> {
  await db().transaction(async (tx) => {
    const [before] = await tx.select().from(editions).where(eq(editions.id, id)).for("update");
    if (!before) throw new Response("Not Found", { status: 404 });
    if (!editionEditable(before.phase)) throw new PhaseLockedError(before.phase);
    if (await slugTaken(tx, input.slug, id)) throw new SlugTakenError(input.slug);
    await tx
      .update(editions)
      .set({ ...editionValues(input), updatedAt: new Date() })
      .where(eq(editions.id, id));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "edition.update",
      subjectType: "edition",
      subjectId: id,
      editionId: id,
      before,
      after: input,
    });
  });
}

/* ---------- categories ---------- */

export type CategoryWithRubric = typeof categories.$inferSelect & {
  tiers: (typeof tiers.$inferSelect)[];
  criteria: (typeof criteria.$inferSelect)[];
};

/** The edition's categories with tiers and rubric, in three queries whatever their number. */
export async function listCategories(
  editionId: number,
  executor: Executor = db(),
): Promise<CategoryWithRubric[]> {
  const cats = await executor
    .select()
    .from(categories)
    .where(eq(categories.editionId, editionId))
    .orderBy(asc(categories.position), asc(categories.id));
  if (cats.length === 0) return [];
  const ids = cats.map((c) => c.id);
  const [tierRows, criterionRows] = await Promise.all([
    executor.select().from(tiers).where(inArray(tiers.categoryId, ids)).orderBy(asc(tiers.position)),
    executor.select().from(criteria).where(inArray(criteria.categoryId, ids)).orderBy(asc(criteria.position)),
  ]);
  return cats.map((c) => ({
    ...c,
    tiers: tierRows.filter((t) => t.categoryId === c.id),
    criteria: criterionRows.filter((r) => r.categoryId === c.id),
  }));
}

export async function getCategory(editionId: number, categoryId: number) {
  const all = await listCategories(editionId);
  return all.find((c) => c.id === categoryId);
}

async function lockEditionForSetup(tx: Executor, editionId: number) {
  const [edition] = await tx
    .select({ id: editions.id, phase: editions.phase })
    .from(editions)
    .where(eq(editions.id, editionId))
    .for("update");
  if (!edition) throw new Response("Not Found", { status: 404 });
  if (!setupEditable(edition.phase)) throw new PhaseLockedError(edition.phase);
  return edition;
}

async function codeTaken(tx: Executor, editionId: number, code: string, exceptId?: number) {
  const rows = await tx
    .select({ id: categories.id, code: categories.code })
    .from(categories)
    .where(eq(categories.editionId, editionId));
  return rows.some((r) => r.code === code && r.id !== exceptId);
}

async function writeRubric(tx: Executor, categoryId: number, input: CategoryInput) {
  await tx.delete(tiers).where(eq(tiers.categoryId, categoryId));
  await tx.delete(criteria).where(eq(criteria.categoryId, categoryId));
  await tx
    .insert(tiers)
    .values(input.tiers.map((t, i) => ({ categoryId, name: t.name, quota: t.quota, position: i })));
  await tx.insert(criteria).values(
    input.criteria.map((c, i) => ({
      categoryId,
      name: c.name,
      descriptor: c.descriptor,
      maxPoints: c.maxPoints,
      position: i,
    })),
  );
}

export async function createCategory(
  actor: Actor,
  editionId: number,
  input: CategoryInput,
  executor: Executor = db(),
): Promise<{ id: number }> {
  return executor.transaction(async (tx) => {
    await lockEditionForSetup(tx, editionId);
    if (await codeTaken(tx, editionId, input.code)) throw new CodeTakenError(input.code);
    const existing = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.editionId, editionId));
    const [row] = await tx
      .insert(categories)
      .values({
        editionId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        description: input.description,
        platforms: input.platforms,
        requiresVideo: input.requiresVideo,
        summaryMaxLength: input.summaryMaxLength,
        position: existing.length,
      })
      .returning({ id: categories.id });
    if (!row) throw new Error("insert returned nothing");
    await writeRubric(tx, row.id, input);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "category.create",
      subjectType: "category",
      subjectId: row.id,
      editionId,
      after: input,
    });
    return row;
  });
}

export async function updateCategory(
  actor: Actor,
  editionId: number,
  categoryId: number,
  input: CategoryInput,
): Promise<void> {
  await db().transaction(async (tx) => {
    await lockEditionForSetup(tx, editionId);
    const before = (await listCategories(editionId, tx)).find((c) => c.id === categoryId);
    if (!before) throw new Response("Not Found", { status: 404 });
    if (await codeTaken(tx, editionId, input.code, categoryId)) throw new CodeTakenError(input.code);
    await tx
      .update(categories)
      .set({
        code: input.code,
        name: input.name,
        kind: input.kind,
        description: input.description,
        platforms: input.platforms,
        requiresVideo: input.requiresVideo,
        summaryMaxLength: input.summaryMaxLength,
      })
      .where(eq(categories.id, categoryId));
    await writeRubric(tx, categoryId, input);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "category.update",
      subjectType: "category",
      subjectId: categoryId,
      editionId,
      before,
      after: input,
    });
  });
}

export async function deleteCategory(actor: Actor, editionId: number, categoryId: number) {
  await db().transaction(async (tx) => {
    await lockEditionForSetup(tx, editionId);
    const before = (await listCategories(editionId, tx)).find((c) => c.id === categoryId);
    if (!before) throw new Response("Not Found", { status: 404 });
    await tx.delete(categories).where(eq(categories.id, categoryId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "category.delete",
      subjectType: "category",
      subjectId: categoryId,
      editionId,
      before,
    });
  });
}

/* ---------- phases ---------- */

export type PhaseChangeResult = { ok: true } | { ok: false; problems: string[] };

/**
 * Moves the edition to another phase after checking the gates, with the edition row locked so two
 * organizers cannot move it at once.
 */
export async function changePhase(actor: Actor, editionId: number, to: Phase): Promise<PhaseChangeResult> {
  return db().transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
    if (!edition) throw new Response("Not Found", { status: 404 });
    const cats = await listCategories(editionId, tx);
    const summary: EditionSummary = {
      phase: edition.phase,
      submissionOpensAt: edition.submissionOpensAt,
      submissionClosesAt: edition.submissionClosesAt,
      statsFrom: edition.statsFrom,
      statsTo: edition.statsTo,
      categories: cats.map((c) => ({
        name: c.name,
        criteriaMaxPoints: c.criteria.map((r) => r.maxPoints),
        tierQuotas: c.tiers.map((t) => t.quota),
      })),
    };
    const [snapshot] = await tx
      .select({ id: tallySnapshots.id })
      .from(tallySnapshots)
      .where(eq(tallySnapshots.editionId, editionId));
    summary.hasTally = snapshot !== undefined;
    if (to === "judging")
      summary.conflictedAssignments = (await conflictedAssignments(editionId, "assigned", tx)).length;
    const problems = phaseChangeProblems(summary, to);
    if (problems.length > 0) return { ok: false, problems };
    await tx.update(editions).set({ phase: to, updatedAt: new Date() }).where(eq(editions.id, editionId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "edition.phase",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      before: { phase: edition.phase },
      after: { phase: to },
    });
    return { ok: true };
  });
}

/* ---------- public side ---------- */

/** Editions the public may see (past draft), newest first. */
export function listPublicEditions() {
  return db()
    .select({
      id: editions.id,
      slug: editions.slug,
      name: editions.name,
      year: editions.year,
      phase: editions.phase,
      organizers: editions.organizers,
      submissionClosesAt: editions.submissionClosesAt,
      isDemo: editions.isDemo,
    })
    .from(editions)
    .where(ne(editions.phase, "draft"))
    .orderBy(desc(editions.year), desc(editions.id));
}

/** An edition by its public address; drafts do not exist for the public. */
export async function getPublicEdition(slug: string) {
  // Only what the public page shows: settings such as the seal's storage key stay on the server.
  const [edition] = await db()
    .select({
      id: editions.id,
      slug: editions.slug,
      name: editions.name,
      year: editions.year,
      organizers: editions.organizers,
      description: editions.description,
      phase: editions.phase,
      statsFrom: editions.statsFrom,
      statsTo: editions.statsTo,
      submissionOpensAt: editions.submissionOpensAt,
      submissionClosesAt: editions.submissionClosesAt,
      judgingStartsAt: editions.judgingStartsAt,
      judgingEndsAt: editions.judgingEndsAt,
      noticeStartsAt: editions.noticeStartsAt,
      noticeEndsAt: editions.noticeEndsAt,
      ceremonyAt: editions.ceremonyAt,
      isDemo: editions.isDemo,
    })
    .from(editions)
    .where(eq(editions.slug, slug))
    .limit(1);
  if (!edition || edition.phase === "draft") return undefined;
  return { edition, categories: await listCategories(edition.id) };
}
