import { PHASES, type Phase } from "#db/schema/editions";
import { messageWithParams } from "~/modules/i18n/i18n";
import { rubricProblem } from "./schema";

/*
 * The edition's life: draft → open (征集) → review (形式审查) → judging (评审) → tallied (计分)
 * → notice (公示) → published (公布) → archived. These pure rules say which moves are allowed and
 * what must be true first; the server checks them before every change.
 */

export type CategorySummary = {
  name: string;
  criteriaMaxPoints: number[];
  tierQuotas: number[];
};

export type EditionSummary = {
  phase: Phase;
  submissionOpensAt: Date | null;
  submissionClosesAt: Date | null;
  statsFrom: string | null;
  statsTo: string | null;
  categories: CategorySummary[];
  /** The edition has a tally snapshot. */
  hasTally?: boolean;
  /** Open assignments whose judge has a conflict with the entry's unit (asked when moving to judging). */
  conflictedAssignments?: number;
};

/** The phases an edition may move to from `from`: the next one, and back to draft from open. */
export function allowedMoves(from: Phase): Phase[] {
  const i = PHASES.indexOf(from);
  const moves: Phase[] = [];
  const next = PHASES[i + 1];
  if (next) moves.push(next);
  if (from === "open") moves.push("draft");
  return moves;
}

/** Why the edition cannot move to `to` now: a list of message keys (empty means it can). */
export function phaseChangeProblems(edition: EditionSummary, to: Phase): string[] {
  if (!allowedMoves(edition.phase).includes(to)) {
    return [messageWithParams("phase.notAllowed", { from: edition.phase, to })];
  }
  const problems: string[] = [];
  if (to === "open") {
    if (edition.categories.length === 0) problems.push("phase.needsCategories");
    for (const category of edition.categories) {
      if (rubricProblem(category.criteriaMaxPoints)) {
        problems.push(messageWithParams("phase.categoryRubric", { category: category.name }));
      }
      if (category.tierQuotas.length === 0 || category.tierQuotas.every((q) => q === 0)) {
        problems.push(messageWithParams("phase.categoryQuota", { category: category.name }));
      }
    }
    if (!edition.submissionOpensAt || !edition.submissionClosesAt) {
      problems.push("phase.needsSubmissionWindow");
    }
    if (!edition.statsFrom || !edition.statsTo) problems.push("phase.needsStatsWindow");
  }
  if (to === "tallied" && !edition.hasTally) problems.push("phase.needsTally");
  // Judges see their lists from judging on: a conflict applied after that would show them which
  // entries are the unit's, so the organizer's run applies every recorded conflict before.
  if (to === "judging" && (edition.conflictedAssignments ?? 0) > 0) {
    problems.push(
      messageWithParams("phase.conflictedAssignments", { n: edition.conflictedAssignments ?? 0 }),
    );
  }
  // The lists are published from the results page, which writes them with the phase change.
  if (to === "notice") problems.push("phase.publishNoticeFromResults");
  if (to === "published") problems.push("phase.publishFinalFromResults");
  return problems;
}

/** Categories, tiers and rubrics can change until judging starts; afterwards scores depend on them. */
export function setupEditable(phase: Phase): boolean {
  return phase === "draft" || phase === "open" || phase === "review";
}

/** The edition's own settings can change until the list is published. */
export function editionEditable(phase: Phase): boolean {
  return PHASES.indexOf(phase) < PHASES.indexOf("published");
}

/** Anonymous visitors see every edition past draft. */
export function isPublic(phase: Phase): boolean {
  return phase !== "draft";
}
