import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { db, type Executor, rowsOf } from "#db/client.server";
import {
  assignments,
  categories,
  conflicts,
  editions,
  entries,
  judgeCategories,
  type Phase,
  units,
  users,
} from "#db/schema";
import type { ConflictDecision } from "#db/schema/judging";
import { audit } from "~/modules/audit/audit.server";
import {
  type ConflictKind,
  type ConflictSource,
  canRemoveConflict,
  type EffectiveConflict,
  judgeDeclarationsOpen,
  judgeEditionCurrent,
  organizerConflictsOpen,
  recusalOpen,
  sortKinds,
} from "./conflicts";

/*
 * Conflicts of interest (回避) in the database. effectiveConflicts() is the one query the
 * assignment of entries relies on: stored conflicts ∪ each judge's own unit ∪ (when the edition
 * asks for it) every approved unit of the judge's city. Every change is audited in its transaction.
 *
 * Blind review: a conflict with a UNIT never changes a judge's assignments by itself. Recusing the
 * judge at once from every entry of the unit showed them which entries were that unit's (and
 * withdrawing did not undo it). The organizer's next automatic run replaces the open assignments
 * it concerns (the organizer sees them first, see conflictedAssignments), and a sheet already
 * submitted is flagged for the organizer to keep or void. A recusal is per entry.
 */

export type Actor = { id: string; ip: string };

/** The edition's phase does not allow this change (e.g. a judge declaring once judging started). */
export class ConflictClosedError extends Error {
  constructor(public phase: Phase) {
    super(`conflicts closed in phase ${phase}`);
  }
}
/** The judge already has a conflict with this unit (stored, or automatic). */
export class ConflictExistsError extends Error {
  constructor(public kinds: ConflictKind[]) {
    super(`conflict exists: ${kinds.join(",")}`);
  }
}
/** The assignment's sheet was submitted: the judge can no longer recuse from it. */
export class AssignmentStateError extends Error {
  constructor(public state: string) {
    super(`assignment is ${state}`);
  }
}

/**
 * Every (judge, unit) pair of the edition that must not be assigned, with its reasons, in ONE
 * set-based query: the stored conflicts, the own unit of each judge on one of the edition's panels,
 * and, when the edition's conflictSameRegion is on, every approved unit whose division is in the
 * judge's city (same first four digits of the GB/T 2260 code). With `judgeId` the judge is taken
 * whether or not they sit on a panel; `unitId` narrows the answer to one unit.
 */
export async function effectiveConflicts(
  editionId: number,
  options: { judgeId?: string; unitId?: number; executor?: Executor } = {},
): Promise<EffectiveConflict[]> {
  const { judgeId, unitId } = options;
  const scope = judgeId
    ? sql`select ${judgeId}::text as judge_id`
    : sql`select distinct jc.judge_id from ${judgeCategories} jc
          join ${categories} c on c.id = jc.category_id
          where c.edition_id = ${editionId}`;
  const storedJudge = judgeId ? sql`and cf.judge_id = ${judgeId}` : sql``;
  const onlyUnit = unitId === undefined ? sql`` : sql`where p.unit_id = ${unitId}`;
  const rows = await rowsOf<{ judgeId: string; unitId: number; kinds: string[] | string }>(
    options.executor ?? db(),
    sql`with scope as (${scope}),
      pairs as (${conflictPairs(editionId, storedJudge)})
      select p.judge_id as "judgeId", p.unit_id as "unitId", array_agg(distinct p.kind) as kinds
        from pairs p ${onlyUnit}
        group by p.judge_id, p.unit_id
        order by p.judge_id, p.unit_id`,
  );
  return rows.map((r) => ({
    judgeId: r.judgeId,
    unitId: Number(r.unitId),
    kinds: sortKinds(Array.isArray(r.kinds) ? r.kinds : parsePgArray(r.kinds)),
  }));
}

/**
 * The (judge_id, unit_id, kind) rows of every conflict of the judges in a CTE named `scope`: the
 * definition of a conflict (conflictedAssignments applies the same rules per assignment).
 */
function conflictPairs(editionId: number, storedJudge: SQL = sql``): SQL {
  return sql`select cf.judge_id, cf.unit_id, cf.source as kind
          from ${conflicts} cf
          where cf.edition_id = ${editionId} ${storedJudge}
        union all
        select j.user_id, j.unit_id, 'own'
          from judges j join scope s on s.judge_id = j.user_id
          where j.unit_id is not null
        union all
        select j.user_id, u.id, 'region'
          from judges j
          join scope s on s.judge_id = j.user_id
          join ${units} u on u.status = 'approved' and length(u.region_code) = 6
            and left(u.region_code, 4) = left(j.region_code, 4)
          where j.region_code ~ '^[0-9]{6}$'
            -- A one-time filter: when the edition does not ask for it, the branch never runs. As
            -- a join, a plan without fresh statistics paired every judge with every unit first.
            and (select e.conflict_same_region from ${editions} e where e.id = ${editionId})`;
}

export type ConflictedAssignment = {
  id: number;
  state: "assigned" | "submitted";
  conflictDecision: ConflictDecision | null;
  entryId: number;
  reference: string | null;
  title: string;
  unitName: string;
  judgeId: string;
  judgeName: string;
  kinds: ConflictKind[];
};

/**
 * For the organizer (never a judge's page): the edition's assignments whose judge has a conflict
 * with the entry's unit, in the given state. 'assigned' ones are what the next automatic run
 * replaces; 'submitted' ones were scored before the conflict was recorded, and wait for the
 * organizer to keep or void the sheet.
 */
export async function conflictedAssignments(
  editionId: number,
  state: "assigned" | "submitted",
  executor: Executor = db(),
): Promise<ConflictedAssignment[]> {
  const rows = await rowsOf<Omit<ConflictedAssignment, "kinds"> & { kinds: string[] | string }>(
    executor,
    // The same rules as conflictPairs, shaped for this question. Stored and own-unit conflicts are
    // few: from them to their assignments by index (unit → entries → entry and judge). Same-city
    // conflicts can pair a judge with thousands of units: checked per assignment instead, and
    // only when the edition asks for them (a one-time filter). Every judge counts, also one who
    // has left the panels.
    sql`with few as (
        select cf.judge_id, cf.unit_id, cf.source as kind
          from ${conflicts} cf where cf.edition_id = ${editionId}
        union all
        select j.user_id, j.unit_id, 'own' from judges j where j.unit_id is not null
      ),
      hits as (
        select a.id, f.kind
          from few f
          join ${entries} e on e.unit_id = f.unit_id and e.edition_id = ${editionId}
          join ${assignments} a on a.entry_id = e.id and a.judge_id = f.judge_id and a.state = ${state}
        union all
        select a.id, 'region'
          from ${assignments} a
          join ${entries} e on e.id = a.entry_id
          join ${units} u on u.id = e.unit_id
          join judges j on j.user_id = a.judge_id
          where a.edition_id = ${editionId} and a.state = ${state}
            and (select ed.conflict_same_region from ${editions} ed where ed.id = ${editionId})
            and j.region_code ~ '^[0-9]{6}$' and u.status = 'approved' and length(u.region_code) = 6
            and left(u.region_code, 4) = left(j.region_code, 4)
      ),
      grouped as (select id, array_agg(distinct kind) as kinds from hits group by id)
      select a.id, a.state, a.conflict_decision as "conflictDecision", a.entry_id as "entryId",
          e.reference, e.title, u.name as "unitName", a.judge_id as "judgeId", us.name as "judgeName",
          g.kinds
        from grouped g
        join ${assignments} a on a.id = g.id
        join ${entries} e on e.id = a.entry_id
        join ${units} u on u.id = e.unit_id
        join ${users} us on us.id = a.judge_id
        order by a.entry_id, a.id`,
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    entryId: Number(r.entryId),
    kinds: sortKinds(Array.isArray(r.kinds) ? r.kinds : parsePgArray(r.kinds)),
  }));
}

/** A text[] in PostgreSQL's literal form ({a,b}), in case a driver leaves it unparsed. */
function parsePgArray(literal: string): string[] {
  return literal
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean);
}

/** Whether the judge has a conflict with the unit in the edition (for one check, e.g. on assign). */
export async function isConflicted(
  editionId: number,
  judgeId: string,
  unitId: number,
  executor: Executor = db(),
): Promise<boolean> {
  const rows = await effectiveConflicts(editionId, { judgeId, unitId, executor });
  return rows.length > 0;
}

/* ---------- reading, for the pages ---------- */

export type JudgeConflictRow = {
  unitId: number;
  unitName: string;
  regionName: string;
  kinds: ConflictKind[];
  /** The stored row (declared or organizer), if there is one. */
  stored: { id: number; source: ConflictSource; reason: string; createdAt: Date } | null;
};

/** One judge's conflicts in the edition, automatic and stored, with unit names. */
export async function conflictsOfJudge(editionId: number, judgeId: string): Promise<JudgeConflictRow[]> {
  const pairs = await effectiveConflicts(editionId, { judgeId });
  if (pairs.length === 0) return [];
  const [unitRows, storedRows] = await Promise.all([
    db()
      .select({ id: units.id, name: units.name, regionName: units.regionName })
      .from(units)
      .where(
        inArray(
          units.id,
          pairs.map((p) => p.unitId),
        ),
      ),
    db()
      .select({
        id: conflicts.id,
        unitId: conflicts.unitId,
        source: conflicts.source,
        reason: conflicts.reason,
        createdAt: conflicts.createdAt,
      })
      .from(conflicts)
      .where(and(eq(conflicts.editionId, editionId), eq(conflicts.judgeId, judgeId))),
  ]);
  return pairs
    .map((p) => {
      const unit = unitRows.find((u) => u.id === p.unitId);
      const stored = storedRows.find((s) => s.unitId === p.unitId);
      return {
        unitId: p.unitId,
        unitName: unit?.name ?? "",
        regionName: unit?.regionName ?? "",
        kinds: p.kinds,
        stored: stored
          ? { id: stored.id, source: stored.source, reason: stored.reason, createdAt: stored.createdAt }
          : null,
      };
    })
    .sort((a, b) => a.unitName.localeCompare(b.unitName, "zh-CN"));
}

/** Approved units matching a search (name, credit code or region), for choosing a conflict. */
export async function searchUnits(q: string, limit = 20) {
  const text = q.trim().slice(0, 100);
  if (text === "") return [];
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db()
    .select({ id: units.id, name: units.name, regionName: units.regionName, creditCode: units.creditCode })
    .from(units)
    .where(
      and(
        eq(units.status, "approved"),
        or(ilike(units.name, pattern), ilike(units.creditCode, pattern), ilike(units.regionName, pattern)),
      ),
    )
    .orderBy(asc(units.name))
    .limit(limit);
}

/** The editions a judge works in now (on a panel, not yet published), with their conflicts. */
export async function judgeConflictOverview(judgeId: string) {
  const rows = await db()
    .selectDistinct({ id: editions.id, name: editions.name, phase: editions.phase, year: editions.year })
    .from(judgeCategories)
    .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
    .innerJoin(editions, eq(editions.id, categories.editionId))
    .where(eq(judgeCategories.judgeId, judgeId))
    .orderBy(asc(editions.year), asc(editions.id));
  const current = rows.filter((e) => judgeEditionCurrent(e.phase));
  return Promise.all(
    current.map(async (edition) => ({
      edition,
      open: judgeDeclarationsOpen(edition.phase),
      conflicts: await conflictsOfJudge(edition.id, judgeId),
    })),
  );
}

/* ---------- changes ---------- */

async function lockEdition(tx: Executor, editionId: number) {
  const [edition] = await tx
    .select({ id: editions.id, phase: editions.phase })
    .from(editions)
    .where(eq(editions.id, editionId))
    .for("share");
  if (!edition) throw new Response("Not Found", { status: 404 });
  return edition;
}

async function approvedUnitOr404(tx: Executor, unitId: number) {
  const [unit] = await tx
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.status, "approved")))
    .limit(1);
  if (!unit) throw new Response("Not Found", { status: 404 });
  return unit;
}

async function sitsOnPanel(tx: Executor, editionId: number, judgeId: string): Promise<boolean> {
  const [row] = await tx
    .select({ judgeId: judgeCategories.judgeId })
    .from(judgeCategories)
    .innerJoin(categories, eq(categories.id, judgeCategories.categoryId))
    .where(and(eq(judgeCategories.judgeId, judgeId), eq(categories.editionId, editionId)))
    .limit(1);
  return row !== undefined;
}

/** Stores a conflict (refusing one that exists already, stored or automatic) and audits it. */
async function insertConflict(
  tx: Executor,
  actor: Actor,
  input: { editionId: number; judgeId: string; unitId: number; source: ConflictSource; reason: string },
): Promise<{ id: number }> {
  const existing = await effectiveConflicts(input.editionId, {
    judgeId: input.judgeId,
    unitId: input.unitId,
    executor: tx,
  });
  if (existing[0]) throw new ConflictExistsError(existing[0].kinds);
  const [row] = await tx
    .insert(conflicts)
    .values({ ...input, createdBy: actor.id })
    .onConflictDoNothing()
    .returning({ id: conflicts.id });
  if (!row) throw new ConflictExistsError([input.source]);
  await audit(tx, {
    actorId: actor.id,
    ip: actor.ip,
    action: input.source === "declared" ? "conflict.declare" : "conflict.add",
    subjectType: "conflict",
    subjectId: row.id,
    editionId: input.editionId,
    after: input,
  });
  // No assignment changes here (see the top of this file): the next automatic run applies it.
  return { id: row.id };
}

async function deleteConflict(
  tx: Executor,
  actor: Actor,
  editionId: number,
  judgeId: string,
  conflictId: number,
  by: "judge" | "organizer",
  phase: Phase,
): Promise<void> {
  const [row] = await tx
    .select()
    .from(conflicts)
    .where(
      and(eq(conflicts.id, conflictId), eq(conflicts.editionId, editionId), eq(conflicts.judgeId, judgeId)),
    )
    .for("update");
  if (!row) throw new Response("Not Found", { status: 404 });
  if (!canRemoveConflict(by, row.source, phase)) {
    // A judge cannot remove what an organizer added; otherwise the phase is the reason.
    if (by === "judge" && row.source !== "declared") throw new Response("Forbidden", { status: 403 });
    throw new ConflictClosedError(phase);
  }
  await tx.delete(conflicts).where(eq(conflicts.id, conflictId));
  await audit(tx, {
    actorId: actor.id,
    ip: actor.ip,
    action: "conflict.remove",
    subjectType: "conflict",
    subjectId: conflictId,
    editionId,
    before: row,
  });
}

/**
 * A judge declares a conflict with an approved unit in an edition whose panels they sit on, only
 * before judging starts (ConflictClosedError after).
 */
export async function declareConflict(
  actor: Actor,
  editionId: number,
  unitId: number,
  reason: string,
): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    if (!(await sitsOnPanel(tx, editionId, actor.id))) throw new Response("Forbidden", { status: 403 });
    if (!judgeDeclarationsOpen(edition.phase)) throw new ConflictClosedError(edition.phase);
    await approvedUnitOr404(tx, unitId);
    return insertConflict(tx, actor, { editionId, judgeId: actor.id, unitId, source: "declared", reason });
  });
}

/** A judge withdraws a conflict they declared, before judging starts. */
export async function withdrawConflict(actor: Actor, editionId: number, conflictId: number): Promise<void> {
  await db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    await deleteConflict(tx, actor, editionId, actor.id, conflictId, "judge", edition.phase);
  });
}

async function judgeOr404(tx: Executor, judgeId: string) {
  const [user] = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.id, judgeId))
    .limit(1);
  if (user?.role !== "judge") throw new Response("Not Found", { status: 404 });
}

/** An organizer adds a conflict for a judge, until judging ends. */
export async function addConflict(
  actor: Actor,
  editionId: number,
  judgeId: string,
  unitId: number,
  reason: string,
): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    await judgeOr404(tx, judgeId);
    if (!organizerConflictsOpen(edition.phase)) throw new ConflictClosedError(edition.phase);
    await approvedUnitOr404(tx, unitId);
    return insertConflict(tx, actor, { editionId, judgeId, unitId, source: "organizer", reason });
  });
}

/** An organizer removes a stored conflict (declared or organizer) of a judge, until judging ends. */
export async function removeConflict(
  actor: Actor,
  editionId: number,
  judgeId: string,
  conflictId: number,
): Promise<void> {
  await db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    await deleteConflict(tx, actor, editionId, judgeId, conflictId, "organizer", edition.phase);
  });
}

/**
 * The judge recuses from one assigned entry (回避): the assignment becomes 'recused', audited with
 * the reason, so the entry can be given to another judge, and the pair is never assigned again.
 * Nothing is stored against the entry's unit and no other assignment changes: in blind review that
 * would name the unit to the judge (on their conflicts page) and link its entries (the organizer,
 * who sees the reason, may add a conflict with the unit). Only the assignment's own judge may do
 * this (404 for anyone else); a submitted sheet cannot be recused (AssignmentStateError); after
 * judging ends, ConflictClosedError. Calling it again on a recused assignment changes nothing.
 */
export async function recuseAssignment(
  actor: Actor,
  assignmentId: number,
  reason: string,
): Promise<{ assignmentId: number; entryId: number; editionId: number }> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: assignments.id,
        judgeId: assignments.judgeId,
        state: assignments.state,
        entryId: assignments.entryId,
        editionId: assignments.editionId,
      })
      .from(assignments)
      .where(eq(assignments.id, assignmentId))
      .for("update");
    if (!row || row.judgeId !== actor.id) throw new Response("Not Found", { status: 404 });
    if (row.state === "submitted") throw new AssignmentStateError(row.state);
    const result = { assignmentId: row.id, entryId: row.entryId, editionId: row.editionId };
    if (row.state === "recused") return result;
    const edition = await lockEdition(tx, row.editionId);
    if (!recusalOpen(edition.phase)) throw new ConflictClosedError(edition.phase);
    await tx
      .update(assignments)
      .set({ state: "recused", updatedAt: new Date() })
      .where(eq(assignments.id, row.id));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "assignment.recuse",
      subjectType: "assignment",
      subjectId: row.id,
      editionId: row.editionId,
      before: { state: "assigned" },
      after: { state: "recused", judgeId: actor.id, entryId: row.entryId, reason },
    });
    return result;
  });
}
