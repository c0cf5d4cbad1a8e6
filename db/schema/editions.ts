import { relations, sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

export const PHASES = [
  "draft",
  "open",
  "review",
  "judging",
  "tallied",
  "notice",
  "published",
  "archived",
] as const;
export type Phase = (typeof PHASES)[number];

export const CATEGORY_KINDS = ["case", "account"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const PLATFORMS = [
  "weibo",
  "wechat",
  "channels",
  "douyin",
  "toutiao",
  "kuaishou",
  "bilibili",
  "app",
  "other",
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const editions = pgTable(
  "editions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    year: integer("year").notNull(),
    /** Issuing organizers, one per line, printed on pages and certificates. */
    organizers: text("organizers").notNull(),
    description: text("description").notNull().default(""),
    phase: text("phase", { enum: PHASES }).notNull().default("draft"),
    statsFrom: date("stats_from"),
    statsTo: date("stats_to"),
    submissionOpensAt: timestamp("submission_opens_at", { withTimezone: true }),
    submissionClosesAt: timestamp("submission_closes_at", { withTimezone: true }),
    judgingStartsAt: timestamp("judging_starts_at", { withTimezone: true }),
    judgingEndsAt: timestamp("judging_ends_at", { withTimezone: true }),
    noticeStartsAt: timestamp("notice_starts_at", { withTimezone: true }),
    noticeEndsAt: timestamp("notice_ends_at", { withTimezone: true }),
    ceremonyAt: timestamp("ceremony_at", { withTimezone: true }),
    judgesPerEntry: integer("judges_per_entry").notNull().default(5),
    blindReview: boolean("blind_review").notNull().default(true),
    /** Units of a judge's own city are conflicts too (on top of the judge's own unit). */
    conflictSameRegion: boolean("conflict_same_region").notNull().default(false),
    entriesPerUnitPerCategory: integer("entries_per_unit_per_category").notNull().default(3),
    trimFrom: integer("trim_from").notNull().default(5),
    /** Weight of the data score in the final score, in percent (0–100). */
    dataWeightPercent: integer("data_weight_percent").notNull().default(0),
    /** Per-judge z-score normalisation in the tally (removes lenient/harsh judge bias). */
    normaliseScores: boolean("normalise_scores").notNull().default(false),
    /** The organizers' seal (公章) printed on certificates: a PNG in file storage. */
    sealStorageKey: text("seal_storage_key"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("editions_phase_idx").on(t.phase, t.year),
    check(
      "editions_phase_check",
      sql`${t.phase} in ('draft','open','review','judging','tallied','notice','published','archived')`,
    ),
    check("editions_data_weight_check", sql`${t.dataWeightPercent} between 0 and 100`),
  ],
);

export const categories = pgTable(
  "categories",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    /** Short code used in entry references and certificate numbers, e.g. QWFB in 2024-QWFB-0007. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: CATEGORY_KINDS }).notNull().default("case"),
    description: text("description").notNull().default(""),
    platforms: text("platforms").array().notNull().default(sql`'{}'::text[]`),
    /** Entries must carry a video (an uploaded mp4 or a video-platform link), e.g. 短视频. */
    requiresVideo: boolean("requires_video").notNull().default(false),
    /** Longest summary accepted, in characters. */
    summaryMaxLength: integer("summary_max_length").notNull().default(800),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    unique("categories_edition_code_unique").on(t.editionId, t.code),
    index("categories_edition_idx").on(t.editionId, t.position),
    check("categories_kind_check", sql`${t.kind} in ('case','account')`),
  ],
);

export const tiers = pgTable(
  "tiers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    quota: integer("quota").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    index("tiers_category_idx").on(t.categoryId, t.position),
    check("tiers_quota_check", sql`${t.quota} >= 0`),
  ],
);

export const criteria = pgTable(
  "criteria",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    descriptor: text("descriptor").notNull().default(""),
    maxPoints: integer("max_points").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    index("criteria_category_idx").on(t.categoryId, t.position),
    check("criteria_max_points_check", sql`${t.maxPoints} > 0`),
  ],
);

export const editionsRelations = relations(editions, ({ many }) => ({
  categories: many(categories),
}));
export const categoriesRelations = relations(categories, ({ one, many }) => ({
  edition: one(editions, { fields: [categories.editionId], references: [editions.id] }),
  tiers: many(tiers),
  criteria: many(criteria),
}));
export const tiersRelations = relations(tiers, ({ one }) => ({
  category: one(categories, { fields: [tiers.categoryId], references: [categories.id] }),
}));
export const criteriaRelations = relations(criteria, ({ one }) => ({
  category: one(categories, { fields: [criteria.categoryId], references: [categories.id] }),
}));
