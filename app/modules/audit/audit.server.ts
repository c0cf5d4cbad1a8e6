import { and, asc, desc, eq, gt, type SQL, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import { auditLog, users } from "#db/schema";
import { csvLines } from "~/modules/forms/csv";
import { type ChainVerdict, canonicalJson, recordParts, verifyRecords } from "./chain";

export type AuditEntry = {
  actorId: string | null;
  ip?: string | null;
  action: string;
  subjectType: string;
  subjectId: string | number;
  editionId?: number | null;
  before?: unknown;
  after?: unknown;
};

/**
 * The statement that appends one record to the chain: `audit_append` (migration 0011) takes the
 * chain's lock, reads the last hash and inserts the record with its own, so the lock is held from
 * this statement to COMMIT and no longer (decision record 010). Also usable inside a larger
 * statement (a CTE), to audit a change in the statement that makes it.
 */
export function auditAppend(entry: AuditEntry, at = new Date()): SQL<string> {
  // Values go through JSON once, so what is hashed is exactly what jsonb stores.
  const before = entry.before === undefined ? null : canonicalJson(entry.before);
  const after = entry.after === undefined ? null : canonicalJson(entry.after);
  const record = {
    at,
    actorId: entry.actorId,
    ip: entry.ip ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    editionId: entry.editionId ?? null,
    before: before === null ? null : JSON.parse(before),
    after: after === null ? null : JSON.parse(after),
  };
  const { head, tail } = recordParts(record);
  // Raw parameters: the timestamp as ISO text (postgres.js passes Dates through unserialised).
  return sql<string>`audit_append(${at.toISOString()}::timestamptz, ${record.actorId}, ${record.ip},
    ${record.action}, ${record.subjectType}, ${record.subjectId}, ${record.editionId}::integer,
    ${before}::jsonb, ${after}::jsonb, ${head}, ${tail})`;
}

/**
 * Writes one audit record, chained to the one before. Call it with the transaction that makes the
 * change, so the record and the change land together or not at all.
 */
export async function audit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.execute(sql`select ${auditAppend(entry)}`);
}

/** Walks the whole chain in id order, in batches; names the first broken record. */
export async function verifyAuditChain(batch = 2000): Promise<ChainVerdict> {
  let prev = "";
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db()
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(batch);
    if (rows.length === 0) return { ok: true, checked };
    const { verdict, lastHash } = verifyRecords(rows, prev);
    if (!verdict.ok) return { ok: false, checked: checked + verdict.checked, brokenAt: verdict.brokenAt };
    checked += verdict.checked;
    prev = lastHash;
    lastId = rows[rows.length - 1]?.id ?? lastId;
  }
}

export type AuditFilter = { editionId?: number; actorId?: string; subject?: string; action?: string };

export const AUDIT_PAGE_SIZE = 50;

function conditions(filter: AuditFilter) {
  return and(
    filter.editionId ? eq(auditLog.editionId, filter.editionId) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.subject
      ? sql`${auditLog.subjectType} || ':' || ${auditLog.subjectId} = ${filter.subject}`
      : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
  );
}

/** One page of audit records, newest first, with the actor's name. */
export async function listAudit(filter: AuditFilter, page: number) {
  const rows = await db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      ip: auditLog.ip,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      editionId: auditLog.editionId,
      before: auditLog.before,
      after: auditLog.after,
      actorId: auditLog.actorId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(conditions(filter))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

/** The filtered records as CSV lines, oldest first, in batches. */
export async function* auditCsv(filter: AuditFilter): AsyncGenerator<string> {
  yield "\uFEFFid,at,actor_id,ip,action,subject,edition_id,before,after,hash\r\n";
  let lastId = 0;
  for (;;) {
    const rows = await db()
      .select()
      .from(auditLog)
      .where(and(conditions(filter), gt(auditLog.id, lastId)))
      .orderBy(asc(auditLog.id))
      .limit(2000);
    if (rows.length === 0) return;
    yield csvLines(
      rows.map((r) => [
        String(r.id),
        r.at.toISOString(),
        r.actorId ?? "",
        r.ip ?? "",
        r.action,
        `${r.subjectType}:${r.subjectId}`,
        r.editionId === null ? "" : String(r.editionId),
        r.before === null ? "" : JSON.stringify(r.before),
        r.after === null ? "" : JSON.stringify(r.after),
        r.hash,
      ]),
    );
    lastId = rows[rows.length - 1]?.id ?? lastId;
  }
}
