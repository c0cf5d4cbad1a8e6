import { relations, sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { units } from "./units";

export const ROLES = ["organizer", "judge", "unit"] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; the login form lower-cases too. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: ["zh-CN", "en"] })
      .notNull()
      .default("zh-CN"),
    /** The unit a `unit` user acts for (and a judge's own affiliation, which is a conflict). */
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    isDemo: boolean("is_demo").notNull().default(false),
    /** Base32 TOTP secret (RFC 6238) once an organizer turns on two-step login. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The last 30-second step a code was accepted for: a code works once. */
    totpLastStep: integer("totp_last_step"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("users_unit_idx").on(t.unitId),
    check("users_role_check", sql`${t.role} in ('organizer', 'judge', 'unit')`),
  ],
);

/** Lucia's session table: the shape its drizzle adapter expects. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

/**
 * Every login attempt, kept in the database so throttling survives a restart and holds across
 * several app instances. `ip` is the address's throttle key (an IPv6 client's /64), and an attempt
 * is written as a failure before the password is checked (docs/decisions/020-login-throttle.md).
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_email_idx").on(t.email, t.createdAt),
    index("login_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

export const usersRelations = relations(users, ({ one, many }) => ({
  sessions: many(sessions),
  unit: one(units, { fields: [users.unitId], references: [units.id] }),
}));
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

/**
 * Password reset requests. Only the SHA-256 of the mailed token is stored; a token works once and
 * for an hour. Requests for unknown addresses are recorded too (userId null) so the throttle
 * counts them without telling anyone which addresses have accounts.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").unique(),
    // The requester's throttle key (addressKey: an IPv6 requester's /64).
    ip: text("ip").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("password_resets_email_idx").on(t.email, t.createdAt),
    index("password_resets_ip_idx").on(t.ip, t.createdAt),
  ],
);

/**
 * The step between password and TOTP code: a password that was right makes a challenge (only its
 * SHA-256 is stored, in a short-lived cookie's place); the session is created only after the code.
 */
export const twoFactorChallenges = pgTable(
  "two_factor_challenges",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("two_factor_challenges_user_idx").on(t.userId)],
);
