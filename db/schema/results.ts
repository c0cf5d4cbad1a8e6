import { relations, sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { categories, editions, tiers } from "./editions";
import { entries } from "./entries";
import { units } from "./units";

/**
 * 计分快照: the current tally of an edition, with the settings it used. One per edition: running
 * the tally again replaces it (and its results) in one transaction taken under the edition's row
 * lock, so two runs at once leave one whole snapshot, never a mix.
 */
export const tallySnapshots = pgTable("tally_snapshots", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  editionId: integer("edition_id")
    .notNull()
    .unique()
    .references(() => editions.id, { onDelete: "cascade" }),
  /** { trimFrom, normalise, dataWeightPercent } as used for this run. */
  settings: jsonb("settings").notNull(),
  /** Agreement statistics per category (Kendall's W, leniency, outlier sheets). */
  categoryStats: jsonb("category_stats").notNull(),
  sheetCount: integer("sheet_count").notNull(),
  ranAt: timestamp("ran_at", { withTimezone: true }).notNull().defaultNow(),
  ranBy: text("ran_by").references(() => users.id, { onDelete: "set null" }),
});

/** 评选结果: the tally of one entry in a snapshot. Scores kept at full precision. */
export const results = pgTable(
  "results",
  {
    snapshotId: integer("snapshot_id")
      .notNull()
      .references(() => tallySnapshots.id, { onDelete: "cascade" }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    expert: doublePrecision("expert"),
    data: doublePrecision("data"),
    final: doublePrecision("final"),
    rank: integer("rank"),
    /** The rank without per-judge normalisation (equal to rank when normalisation is off). */
    rawRank: integer("raw_rank"),
    /** The tier the method gives; an organizer's override is kept apart (tier_overrides). */
    tierId: integer("tier_id").references(() => tiers.id, { onDelete: "set null" }),
    tie: boolean("tie").notNull().default(false),
    highDisagreement: boolean("high_disagreement").notNull().default(false),
    dependsOnOneJudge: boolean("depends_on_one_judge").notNull().default(false),
    tieAtBoundary: boolean("tie_at_boundary").notNull().default(false),
    spread: doublePrecision("spread").notNull().default(0),
    sd: doublePrecision("sd").notNull().default(0),
    /** [{ judgeId, raw, normalised }] sorted by judge id. */
    sheetTotals: jsonb("sheet_totals").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.snapshotId, t.entryId] }),
    index("results_category_rank_idx").on(t.snapshotId, t.categoryId, t.rank),
  ],
);

/**
 * An organizer's tier for an entry instead of the computed one (null: no award), with the written
 * reason. Kept apart from the snapshot so it survives a re-run of the tally.
 */
export const tierOverrides = pgTable(
  "tier_overrides",
  {
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    tierId: integer("tier_id").references(() => tiers.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    /** Set when the override carries out an upheld objection. */
    objectionId: integer("objection_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.editionId, t.entryId] })],
);

export const PUBLICATION_KINDS = ["notice", "final"] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/**
 * A list as it was shown to the public: the provisional list (公示) or the final list (公布). Frozen
 * when published; a correction of the final list is a new version with its reason. `sha256` seals
 * the canonical CSV export of the list's awards.
 */
export const publications = pgTable(
  "publications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PUBLICATION_KINDS }).notNull(),
    version: integer("version").notNull().default(1),
    /** Why a later version corrects the one before (null for version 1). */
    correctionReason: text("correction_reason"),
    sha256: text("sha256").notNull(),
    /** When the tally this list came from was run. */
    tallyRanAt: timestamp("tally_ran_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text("published_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("publications_edition_kind_version_unique").on(t.editionId, t.kind, t.version),
    check("publications_kind_check", sql`${t.kind} in ('notice','final')`),
  ],
);

/**
 * 获奖名单: one award of a published list, with the names frozen as published (a unit renaming
 * itself later does not change a published list).
 */
export const awards = pgTable(
  "awards",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicationId: integer("publication_id")
      .notNull()
      .references(() => publications.id, { onDelete: "cascade" }),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    tierId: integer("tier_id").references(() => tiers.id, { onDelete: "set null" }),
    entryId: integer("entry_id").references(() => entries.id, { onDelete: "set null" }),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    /** Order in the list: by category, tier, then rank. */
    position: integer("position").notNull(),
    categoryCode: text("category_code").notNull(),
    categoryName: text("category_name").notNull(),
    categoryKind: text("category_kind").notNull(),
    tierName: text("tier_name").notNull(),
    rank: integer("rank"),
    reference: text("reference").notNull().default(""),
    unitName: text("unit_name").notNull(),
    entryTitle: text("entry_title").notNull(),
    accountName: text("account_name").notNull().default(""),
    platform: text("platform").notNull().default(""),
    link: text("link").notNull().default(""),
    /** The tier was set by an organizer (override or upheld objection), not by the tally. */
    overridden: boolean("overridden").notNull().default(false),
  },
  (t) => [
    index("awards_publication_idx").on(t.publicationId, t.position),
    index("awards_unit_idx").on(t.unitId, t.editionId),
  ],
);

export const OBJECTION_STATUSES = ["open", "upheld", "dismissed"] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** 异议: a complaint about a listed entry, made under a real name during the notice period. */
export const objections = pgTable(
  "objections",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    reason: text("reason").notNull(),
    // The sender's throttle key (addressKey: an IPv6 sender's /64); the audit record has the address.
    ip: text("ip").notNull(),
    status: text("status", { enum: OBJECTION_STATUSES }).notNull().default("open"),
    reply: text("reply").notNull().default(""),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("objections_edition_idx").on(t.editionId, t.status, t.createdAt),
    index("objections_ip_idx").on(t.ip, t.createdAt),
    check("objections_status_check", sql`${t.status} in ('open','upheld','dismissed')`),
  ],
);

/**
 * 荣誉证书: one per award of the final list. `number` is for people (PX-2026-QWFB-001);
 * `code` is the unguessable verification code in /verify/:code. The printed content is frozen at
 * issue; a correction revokes and issues a new certificate.
 */
export const certificates = pgTable(
  "certificates",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    awardId: integer("award_id").references(() => awards.id, { onDelete: "set null" }),
    entryId: integer("entry_id").references(() => entries.id, { onDelete: "set null" }),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    number: text("number").notNull().unique(),
    code: text("code").notNull().unique(),
    categoryName: text("category_name").notNull(),
    tierName: text("tier_name").notNull(),
    unitName: text("unit_name").notNull(),
    /** The entry title (case categories) or the account name (account categories). */
    subject: text("subject").notNull(),
    subjectKind: text("subject_kind", { enum: ["entry", "account"] })
      .notNull()
      .default("entry"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    issuedBy: text("issued_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
    revokeReason: text("revoke_reason"),
    /** The certificate issued in place of this one after a correction. */
    replacedBy: integer("replaced_by"),
  },
  (t) => [
    index("certificates_edition_idx").on(t.editionId, t.number),
    index("certificates_unit_idx").on(t.unitId, t.editionId),
  ],
);

export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;

/** A certificate ZIP being built in the background for an edition, with its progress. */
export const certificateArchives = pgTable("certificate_archives", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  editionId: integer("edition_id")
    .notNull()
    .references(() => editions.id, { onDelete: "cascade" }),
  status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
  total: integer("total").notNull().default(0),
  done: integer("done").notNull().default(0),
  storageKey: text("storage_key"),
  error: text("error"),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});

export const tallySnapshotsRelations = relations(tallySnapshots, ({ one, many }) => ({
  edition: one(editions, { fields: [tallySnapshots.editionId], references: [editions.id] }),
  results: many(results),
}));
export const resultsRelations = relations(results, ({ one }) => ({
  snapshot: one(tallySnapshots, { fields: [results.snapshotId], references: [tallySnapshots.id] }),
  entry: one(entries, { fields: [results.entryId], references: [entries.id] }),
  tier: one(tiers, { fields: [results.tierId], references: [tiers.id] }),
}));
export const publicationsRelations = relations(publications, ({ one, many }) => ({
  edition: one(editions, { fields: [publications.editionId], references: [editions.id] }),
  awards: many(awards),
}));
export const awardsRelations = relations(awards, ({ one }) => ({
  publication: one(publications, { fields: [awards.publicationId], references: [publications.id] }),
  entry: one(entries, { fields: [awards.entryId], references: [entries.id] }),
  unit: one(units, { fields: [awards.unitId], references: [units.id] }),
}));
export const objectionsRelations = relations(objections, ({ one }) => ({
  edition: one(editions, { fields: [objections.editionId], references: [editions.id] }),
  entry: one(entries, { fields: [objections.entryId], references: [entries.id] }),
}));
export const certificatesRelations = relations(certificates, ({ one }) => ({
  edition: one(editions, { fields: [certificates.editionId], references: [editions.id] }),
  award: one(awards, { fields: [certificates.awardId], references: [awards.id] }),
  unit: one(units, { fields: [certificates.unitId], references: [units.id] }),
}));
