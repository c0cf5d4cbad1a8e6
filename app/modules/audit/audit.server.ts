import type { Executor } from "#db/client.server";
import { auditLog } from "#db/schema";

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
 * Writes one audit record. Call it with the transaction that makes the change, so the record and
 * the change land together or not at all.
 */
export async function audit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditLog).values({
    actorId: entry.actorId,
    ip: entry.ip ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    editionId: entry.editionId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
