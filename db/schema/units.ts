import { relations, sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { PLATFORMS } from "./editions";

export const UNIT_LEVELS = ["province", "city", "county", "town"] as const;
export const UNIT_TYPES = ["department", "district", "town", "hospital", "media", "other"] as const;
export const UNIT_STATUSES = ["pending", "approved", "rejected"] as const;

/** 参评单位: an organisation identified by its 统一社会信用代码. */
export const units = pgTable(
  "units",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    creditCode: text("credit_code").notNull().unique(),
    /** GB/T 2260 division code (6 digits), e.g. 441900 东莞. */
    regionCode: text("region_code").notNull(),
    regionName: text("region_name").notNull(),
    level: text("level", { enum: UNIT_LEVELS }).notNull(),
    type: text("type", { enum: UNIT_TYPES }).notNull(),
    status: text("status", { enum: UNIT_STATUSES }).notNull().default("pending"),
    contactName: text("contact_name").notNull().default(""),
    /** Mainland mobile number of the contact person. */
    contactPhone: text("contact_phone").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    /** Why the organizer rejected the registration (shown to the unit). */
    reviewReason: text("review_reason"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: text("reviewed_by"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("units_status_idx").on(t.status, t.createdAt),
    check("units_status_check", sql`${t.status} in ('pending','approved','rejected')`),
  ],
);

/** 政务新媒体账号: one of a unit's accounts on a platform. */
export const accounts = pgTable(
  "accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    name: text("name").notNull(),
    /** Platform ID (e.g. a WeChat original ID gh_…) or the account's address. */
    handle: text("handle").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("accounts_unit_idx").on(t.unitId)],
);

export const unitsRelations = relations(units, ({ many }) => ({ accounts: many(accounts) }));
export const accountsRelations = relations(accounts, ({ one }) => ({
  unit: one(units, { fields: [accounts.unitId], references: [units.id] }),
}));
