import { PHASES, type Phase } from "#db/schema/editions";
import type { CONFLICT_SOURCES } from "#db/schema/judging";

/*
 * Conflicts of interest (回避), the pure part. A judge has a conflict with a unit when:
 *  - it is the judge's own unit ('own', automatic);
 *  - the edition makes units of the judge's own city conflicts and the unit is in that city
 *    ('region', automatic);
 *  - the judge declared it ('declared') or an organizer added it ('organizer'): stored rows.
 * The database side (one set-based query for a whole edition) is in conflicts.server.ts.
 */

export type ConflictSource = (typeof CONFLICT_SOURCES)[number];
export type ConflictKind = "own" | "region" | ConflictSource;

/** Shown in this order: the automatic kinds first. */
export const CONFLICT_KINDS: readonly ConflictKind[] = ["own", "region", "declared", "organizer"];

/** A (judge, unit) pair that must never be assigned, with every reason it is a conflict. */
export type EffectiveConflict = { judgeId: string; unitId: number; kinds: ConflictKind[] };

export function isAutomatic(kind: ConflictKind): boolean {
  return kind === "own" || kind === "region";
}

export function sortKinds(kinds: readonly string[]): ConflictKind[] {
  return CONFLICT_KINDS.filter((k) => kinds.includes(k));
}

/**
 * The city part of a GB/T 2260 division code (the first four digits): a district of Guangzhou
 * (440106) is in the city 440100, and Dongguan (441900) has no districts. Empty for anything that
 * is not a 6-digit code.
 */
export function cityPrefix(regionCode: string): string {
  return /^\d{6}$/.test(regionCode) ? regionCode.slice(0, 4) : "";
}

/** Whether a unit's division is in the judge's city (same first four digits). */
export function sameCity(judgeRegionCode: string, unitRegionCode: string): boolean {
  const city = cityPrefix(judgeRegionCode);
  return city !== "" && city === cityPrefix(unitRegionCode);
}

export function conflictKey(judgeId: string, unitId: number): string {
  return `${judgeId}:${unitId}`;
}

/** The pairs as a set, for checking many candidates quickly (e.g. while assigning). */
export function conflictSet(pairs: readonly { judgeId: string; unitId: number }[]): Set<string> {
  return new Set(pairs.map((p) => conflictKey(p.judgeId, p.unitId)));
}

export function inConflict(set: ReadonlySet<string>, judgeId: string, unitId: number): boolean {
  return set.has(conflictKey(judgeId, unitId));
}

/** Judges declare and withdraw their own conflicts only before judging starts. */
export function judgeDeclarationsOpen(phase: Phase): boolean {
  return PHASES.indexOf(phase) < PHASES.indexOf("judging");
}

/** Organizers add and remove conflicts until judging ends (afterwards they change nothing). */
export function organizerConflictsOpen(phase: Phase): boolean {
  return PHASES.indexOf(phase) <= PHASES.indexOf("judging");
}

/** A judge recuses from an assigned entry during judging (the only phase they see it and score). */
export function recusalOpen(phase: Phase): boolean {
  return phase === "judging";
}

/** Editions a judge still works in: their conflicts page lists these. */
export function judgeEditionCurrent(phase: Phase): boolean {
  return PHASES.indexOf(phase) < PHASES.indexOf("published");
}

/**
 * A stored conflict can be removed by its judge when they declared it and declarations are open;
 * an organizer can remove any stored one while organizer changes are open. Automatic conflicts
 * (own unit, same city) are not rows and cannot be removed.
 */
export function canRemoveConflict(by: "judge" | "organizer", source: ConflictSource, phase: Phase): boolean {
  if (by === "judge") return source === "declared" && judgeDeclarationsOpen(phase);
  return organizerConflictsOpen(phase);
}
