import { relations, sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { categories, editions, PLATFORMS } from "./editions";
import { accounts, units } from "./units";

export const ENTRY_STATUSES = ["draft", "submitted", "returned", "accepted", "rejected"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** 参评案例: what a unit enters into a category of an edition. */
export const entries = pgTable(
  "entries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer("edition_id")
      .notNull()
      .references(() => editions.id, { onDelete: "cascade" }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "restrict" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    /** The account the case was published on (or, for account categories, the account entered). */
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "set null" }),
    /** Stable public reference such as 2024-QWFB-0007, given at the first submission. */
    reference: text("reference").unique(),
    status: text("status", { enum: ENTRY_STATUSES }).notNull().default("draft"),
    /** Optimistic lock: every save increments it; a save naming an older version is refused. */
    version: integer("version").notNull().default(1),
    title: text("title").notNull().default(""),
    platform: text("platform", { enum: PLATFORMS }),
    link: text("link").notNull().default(""),
    /** The link normalised (scheme, tracking parameters, trailing slash) to find duplicates. */
    linkKey: text("link_key").notNull().default(""),
    publishDate: date("publish_date"),
    summary: text("summary").notNull().default(""),
    /** A video on a video platform, instead of an uploaded mp4 (短视频). */
    videoLink: text("video_link").notNull().default(""),
    reads: bigint("reads", { mode: "number" }),
    plays: bigint("plays", { mode: "number" }),
    likes: bigint("likes", { mode: "number" }),
    shares: bigint("shares", { mode: "number" }),
    comments: bigint("comments", { mode: "number" }),
    /** The organizer's reason for returning or rejecting (shown to the unit). */
    reviewReason: text("review_reason"),
    /** Until when a returned entry may be revised and resubmitted. */
    revisionDeadline: timestamp("revision_deadline", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("entries_unit_idx").on(t.unitId, t.editionId, t.categoryId),
    index("entries_review_idx").on(t.editionId, t.status, t.categoryId, t.id),
    index("entries_link_key_idx").on(t.linkKey),
    check("entries_status_check", sql`${t.status} in ('draft','submitted','returned','accepted','rejected')`),
  ],
);

/** The next reference number per category of an edition (taken with UPDATE … RETURNING). */
export const entryReferenceCounters = pgTable(
  "entry_reference_counters",
  {
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    lastNumber: integer("last_number").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.categoryId] })],
);

export const ATTACHMENT_KINDS = ["image", "pdf", "video"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A file attached to an entry; the bytes live in storage under storageKey. */
export const attachments = pgTable(
  "attachments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ATTACHMENT_KINDS }).notNull(),
    storageKey: text("storage_key").notNull(),
    /** The name the unit uploaded, kept for display; downloads use a safe generated name. */
    originalName: text("original_name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("attachments_entry_idx").on(t.entryId),
    unique("attachments_storage_key_unique").on(t.storageKey),
  ],
);

export const entriesRelations = relations(entries, ({ one, many }) => ({
  edition: one(editions, { fields: [entries.editionId], references: [editions.id] }),
  category: one(categories, { fields: [entries.categoryId], references: [categories.id] }),
  unit: one(units, { fields: [entries.unitId], references: [units.id] }),
  account: one(accounts, { fields: [entries.accountId], references: [accounts.id] }),
  attachments: many(attachments),
}));
export const attachmentsRelations = relations(attachments, ({ one }) => ({
  entry: one(entries, { fields: [attachments.entryId], references: [entries.id] }),
}));
