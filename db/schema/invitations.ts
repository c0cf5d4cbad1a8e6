import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { units } from "./units";

/**
 * `registration`: not an invitation someone sent but the link that confirms a registration made at
 * /register (the unit and its user are created only once the contact email has proved to be theirs).
 */
export const INVITATION_KINDS = ["unit", "judge", "unit-user", "registration"] as const;

/**
 * An invitation sent by mail; `/invite/:token` accepts it. Only the SHA-256 of the token is stored,
 * so a database leak does not leak usable links. Single use (usedAt) and expiring (expiresAt).
 */
export const invitations = pgTable(
  "invitations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind", { enum: INVITATION_KINDS }).notNull(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull().unique(),
    /** For a unit-user invitation: the unit the new user joins. */
    unitId: integer("unit_id").references(() => units.id, { onDelete: "cascade" }),
    /**
     * Anything else the kind needs (e.g. a judge's title and categories; for a registration, the
     * form as typed and the password's hash, never the password).
     */
    payload: jsonb("payload"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitations_email_idx").on(t.email), index("invitations_kind_idx").on(t.kind, t.createdAt)],
);
