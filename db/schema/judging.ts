import { relations, sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { categories, criteria, editions } from "./editions";
import { entries } from "./entries";
import { units } from "./units";

/** A judge's profile beside their user account. */
export const judges = pgTable("judges", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull().default(""),
  affiliation: text("affiliation").notNull().default(""),
  /** The judge's own unit when it is registered here: always a conflict. */
  unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
  /** GB/T 2260 code of the judge's city, for editions that make same-region units a conflict. */
  regionCode: text("region_code").notNull().default(""),
});

/** The categories a judge judges (a category's panel is its judges). */
export const judgeCategories = pgTable(
  "judge_categories",
  {
    judgeId: text("judge_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.judgeId, t.categoryId] }),
    index("judge_categories_category_idx").on(t.categoryId),
  ],
);

export const CONFLICT_SOURCES = ["declared", "organizer"] as const;

/**
 * Conflicts declared by a judge or added by an organizer, per edition. A judge's own unit, and in
 * editions that ask for it the units of the judge's region, are conflicts without a row here.
 */
export const conflicts = pgTable(
  "conflicts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    judgeId: text("judge_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    source: text("source", { enum: CONFLICT_SOURCES }).notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("conflicts_edition_judge_unit_unique").on(t.editionId, t.judgeId, t.unitId),
    index("conflicts_judge_idx").on(t.judgeId, t.editionId),
  ],
);

export const CONFLICT_DECISIONS = ["keep", "void"] as const;
export type ConflictDecision = (typeof CONFLICT_DECISIONS)[number];

export const ASSIGNMENT_STATES = ["assigned", "submitted", "recused"] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/** 评审任务: one judge × one entry. */
export const assignments = pgTable(
  "assignments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    judgeId: text("judge_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    state: text("state", { enum: ASSIGNMENT_STATES }).notNull().default("assigned"),
    /**
     * The organizer's decision on a submitted sheet whose judge has a conflict with the entry's
     * unit (recorded after the sheet was submitted): 'keep' counts it, 'void' leaves it out of the
     * tally. Null: not decided (the sheet counts and the results page flags it).
     */
    conflictDecision: text("conflict_decision", { enum: CONFLICT_DECISIONS }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("assignments_entry_judge_unique").on(t.entryId, t.judgeId),
    index("assignments_judge_idx").on(t.judgeId, t.state, t.entryId),
    index("assignments_edition_idx").on(t.editionId, t.state),
    // The organizer's assignment list pages through an edition in entry order.
    index("assignments_edition_entry_idx").on(t.editionId, t.entryId, t.id),
    check("assignments_state_check", sql`${t.state} in ('assigned','submitted','recused')`),
    check("assignments_conflict_decision_check", sql`${t.conflictDecision} in ('keep','void')`),
  ],
);

/** 评分表: a judge's comment and the sheet's lock state for one assignment. */
export const scoreSheets = pgTable("score_sheets", {
  assignmentId: integer("assignment_id")
    .primaryKey()
    .references(() => assignments.id, { onDelete: "cascade" }),
  comment: text("comment").notNull().default(""),
  /** Optimistic lock, as for entries: a save from a stale tab is refused. */
  version: integer("version").notNull().default(1),
  submittedAt: timestamp("submitted_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Points per criterion, stored as whole half-points (points × 2) so 0.5 steps stay exact. */
export const scorePoints = pgTable(
  "score_points",
  {
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    criterionId: integer("criterion_id")
      .notNull()
      .references(() => criteria.id, { onDelete: "cascade" }),
    halfPoints: integer("half_points").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.assignmentId, t.criterionId] }),
    check("score_points_nonnegative", sql`${t.halfPoints} >= 0`),
  ],
);

export const assignmentsRelations = relations(assignments, ({ one, many }) => ({
  entry: one(entries, { fields: [assignments.entryId], references: [entries.id] }),
  judge: one(users, { fields: [assignments.judgeId], references: [users.id] }),
  sheet: one(scoreSheets, { fields: [assignments.id], references: [scoreSheets.assignmentId] }),
  points: many(scorePoints),
}));
export const scorePointsRelations = relations(scorePoints, ({ one }) => ({
  assignment: one(assignments, { fields: [scorePoints.assignmentId], references: [assignments.id] }),
}));
