import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Audit records: who changed what, written in the same transaction as the change. Append-only:
 * the application only inserts, and a trigger refuses UPDATE and DELETE. Each record carries the
 * hash of the one before it, so a changed or removed record breaks the chain
 * (docs/decisions/010-audit-chain.md). No foreign keys: a record outlives its actor and subject.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: text("actor_id"),
    ip: text("ip"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    editionId: integer("edition_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    /** SHA-256 (hex) of the previous record's hash and this record's canonical form. */
    hash: text("hash").notNull().default(""),
    prevHash: text("prev_hash").notNull().default(""),
  },
  (t) => [
    index("audit_log_edition_idx").on(t.editionId, t.at),
    // The audit page filtered by edition reads newest first by id: without this index it walks
    // the primary key back through every later edition's records (tests/modules/operations).
    index("audit_log_edition_id_idx").on(t.editionId, t.id),
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_log_actor_idx").on(t.actorId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
  ],
);

export const MAIL_STATUSES = ["pending", "sent", "failed"] as const;

/**
 * The mail queue (a transactional outbox): a message is inserted in the same transaction as the
 * change that causes it, and a worker delivers it. See docs/decisions/003-mail-outbox.md.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("mail_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("mail_outbox_created_idx").on(t.createdAt),
  ],
);

/**
 * Events counted by the throttles other than login's (e.g. unknown certificate codes per
 * address), kept in the database so a limit holds across restarts and app instances.
 */
export const throttleEvents = pgTable(
  "throttle_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("throttle_events_lookup_idx").on(t.bucket, t.key, t.createdAt)],
);
