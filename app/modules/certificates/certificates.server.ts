import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Tx } from "#db/client.server";
import { awards, certificates, editions, publications } from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { newVerificationCode } from "./codes.server";
import { certificateNumber, parseCertificateNumber } from "./numbering";

/*
 * 荣誉证书: one certificate per award of the final list (per entry in case categories; in account
 * categories the entry is the unit's account, so it goes to that unit for that account). The
 * printed content is frozen at issue. A correction of the final list revokes the certificates
 * whose award changed or disappeared and issues new ones (`replacedBy` links them); numbers are
 * never reused.
 */

const ISSUE_BATCH = 1000;

export type CertificateActor = { id: string; ip: string };
export type Certificate = typeof certificates.$inferSelect;

/** What a certificate says: the parts of an award that are printed. */
function printed(a: {
  categoryName: string;
  tierName: string;
  unitName: string;
  subject: string;
  subjectKind: string;
}) {
  return [a.categoryName, a.tierName, a.unitName, a.subject, a.subjectKind].join("\u0000");
}

function subjectOf(award: typeof awards.$inferSelect): { subject: string; subjectKind: "entry" | "account" } {
  return award.categoryKind === "account" && award.accountName
    ? { subject: award.accountName, subjectKind: "account" }
    : { subject: award.entryTitle, subjectKind: "entry" };
}

/**
 * Brings the edition's certificates in line with a published final list: awards without a valid
 * certificate saying the same get one; valid certificates whose award is gone or changed are
 * revoked with `reason`. Runs in the publishing transaction. Returns how many were issued/revoked.
 */
export async function reconcileCertificates(
  tx: Tx,
  actor: CertificateActor,
  editionId: number,
  publicationId: number,
  reason: string,
  now = new Date(),
): Promise<{ issued: number; revoked: number }> {
  const [edition] = await tx.select({ year: editions.year }).from(editions).where(eq(editions.id, editionId));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const list = await tx
    .select()
    .from(awards)
    .where(eq(awards.publicationId, publicationId))
    .orderBy(asc(awards.position));
  const existing = await tx.select().from(certificates).where(eq(certificates.editionId, editionId));

  const validByEntry = new Map<number, Certificate>();
  for (const c of existing) if (!c.revokedAt && c.entryId !== null) validByEntry.set(c.entryId, c);
  // The next number per category code, after every number ever given in the edition.
  const lastSeq = new Map<string, number>();
  for (const c of existing) {
    const parsed = parseCertificateNumber(c.number);
    if (parsed)
      lastSeq.set(parsed.categoryCode, Math.max(lastSeq.get(parsed.categoryCode) ?? 0, parsed.sequence));
  }

  // Decide first, then write in a few set-based statements: a national list has thousands of
  // awards, and one round trip per certificate made publishing take seconds.
  const kept = new Map<number, number>(); // certificate id → award id
  const toIssue: { values: typeof certificates.$inferInsert; replaces: Certificate | undefined }[] = [];
  for (const award of list) {
    const content = {
      categoryName: award.categoryName,
      tierName: award.tierName,
      unitName: award.unitName,
      ...subjectOf(award),
    };
    const current = award.entryId !== null ? validByEntry.get(award.entryId) : undefined;
    if (current && printed(current) === printed(content)) {
      kept.set(current.id, award.id);
      continue;
    }
    const sequence = (lastSeq.get(award.categoryCode) ?? 0) + 1;
    lastSeq.set(award.categoryCode, sequence);
    toIssue.push({
      replaces: current,
      values: {
        editionId,
        awardId: award.id,
        entryId: award.entryId,
        unitId: award.unitId,
        number: certificateNumber({ editionYear: edition.year, categoryCode: award.categoryCode, sequence }),
        code: newVerificationCode(),
        ...content,
        issuedAt: now,
        issuedBy: actor.id,
      },
    });
  }

  // Certificates that stay point at their award in the new list.
  const keptPairs = [...kept].map(([id, awardId]) => ({ id, award_id: awardId }));
  for (let i = 0; i < keptPairs.length; i += ISSUE_BATCH) {
    await tx.execute(sql`
      update certificates c set award_id = v.award_id
      from jsonb_to_recordset(${JSON.stringify(keptPairs.slice(i, i + ISSUE_BATCH))}::jsonb) as v(id int, award_id int)
      where c.id = v.id`);
  }

  // New certificates in batches, each batch audited once with the numbers it issued.
  const createdByEntry = new Map<number, number>();
  for (let i = 0; i < toIssue.length; i += ISSUE_BATCH) {
    const batch = toIssue.slice(i, i + ISSUE_BATCH);
    const created = await tx
      .insert(certificates)
      .values(batch.map((b) => b.values))
      .returning({ id: certificates.id, number: certificates.number, entryId: certificates.entryId });
    for (const c of created) if (c.entryId !== null) createdByEntry.set(c.entryId, c.id);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "certificate.issue",
      subjectType: "publication",
      subjectId: publicationId,
      editionId,
      after: { count: created.length, numbers: created.map((c) => c.number) },
    });
  }

  let revoked = 0;
  for (const b of toIssue) {
    if (!b.replaces) continue;
    await revoke(tx, actor, b.replaces, reason, now, createdByEntry.get(b.replaces.entryId ?? -1) ?? null);
    revoked++;
  }
  const issued = toIssue.length;
  const replaced = new Set(toIssue.flatMap((b) => (b.replaces ? [b.replaces.id] : [])));
  for (const c of validByEntry.values()) {
    if (kept.has(c.id) || replaced.has(c.id)) continue;
    await revoke(tx, actor, c, reason, now, null);
    revoked++;
  }
  return { issued, revoked };
}

async function revoke(
  tx: Tx,
  actor: CertificateActor,
  certificate: Certificate,
  reason: string,
  now: Date,
  replacedBy: number | null,
) {
  await tx
    .update(certificates)
    .set({ revokedAt: now, revokedBy: actor.id, revokeReason: reason, replacedBy })
    .where(eq(certificates.id, certificate.id));
  await audit(tx, {
    actorId: actor.id,
    ip: actor.ip,
    action: "certificate.revoke",
    subjectType: "certificate",
    subjectId: certificate.id,
    editionId: certificate.editionId,
    before: { number: certificate.number, revokedAt: null },
    after: { revokedAt: now.toISOString(), reason, replacedBy },
  });
}

export class CertificateStateError extends Error {}

/** An organizer revokes a valid certificate with a written reason. */
export async function revokeCertificate(
  actor: CertificateActor,
  editionId: number,
  certificateId: number,
  reason: string,
  now = new Date(),
) {
  await db().transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.id, certificateId), eq(certificates.editionId, editionId)))
      .for("update");
    if (!c) throw new Response("Not Found", { status: 404 });
    if (c.revokedAt) throw new CertificateStateError("revoked already");
    await revoke(tx, actor, c, reason, now, null);
  });
}

/**
 * Issues a new certificate in place of a revoked one, from its award in the latest final list
 * (which carries any correction made since). Refused when the entry no longer has an award or
 * already has a valid certificate.
 */
export async function reissueCertificate(
  actor: CertificateActor,
  editionId: number,
  certificateId: number,
  now = new Date(),
) {
  return db().transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.id, certificateId), eq(certificates.editionId, editionId)))
      .for("update");
    if (!c) throw new Response("Not Found", { status: 404 });
    if (!c.revokedAt || c.entryId === null) throw new CertificateStateError("not revoked");
    const [valid] = await tx
      .select({ id: certificates.id })
      .from(certificates)
      .where(and(eq(certificates.entryId, c.entryId), isNull(certificates.revokedAt)));
    if (valid) throw new CertificateStateError("a valid certificate exists");
    const [latest] = await tx
      .select({ id: publications.id })
      .from(publications)
      .where(and(eq(publications.editionId, editionId), eq(publications.kind, "final")))
      .orderBy(desc(publications.version))
      .limit(1);
    if (!latest) throw new CertificateStateError("no final list");
    const [award] = await tx
      .select()
      .from(awards)
      .where(and(eq(awards.publicationId, latest.id), eq(awards.entryId, c.entryId)));
    if (!award) throw new CertificateStateError("no award");
    const [edition] = await tx
      .select({ year: editions.year })
      .from(editions)
      .where(eq(editions.id, editionId));
    const numbers = await tx
      .select({ number: certificates.number })
      .from(certificates)
      .where(eq(certificates.editionId, editionId));
    const sequence =
      numbers
        .map((n) => parseCertificateNumber(n.number))
        .filter((p) => p?.categoryCode === award.categoryCode)
        .reduce((m, p) => Math.max(m, p?.sequence ?? 0), 0) + 1;
    const [created] = await tx
      .insert(certificates)
      .values({
        editionId,
        awardId: award.id,
        entryId: award.entryId,
        unitId: award.unitId,
        number: certificateNumber({
          editionYear: edition?.year ?? 0,
          categoryCode: award.categoryCode,
          sequence,
        }),
        code: newVerificationCode(),
        categoryName: award.categoryName,
        tierName: award.tierName,
        unitName: award.unitName,
        ...subjectOf(award),
        issuedAt: now,
        issuedBy: actor.id,
      })
      .returning();
    if (!created) throw new Error("insert returned nothing");
    await tx.update(certificates).set({ replacedBy: created.id }).where(eq(certificates.id, c.id));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "certificate.reissue",
      subjectType: "certificate",
      subjectId: created.id,
      editionId,
      before: { number: c.number },
      after: { number: created.number },
    });
    return created;
  });
}

/** A certificate by its verification code, with its edition, for /verify and the PDF. */
export async function certificateByCode(code: string, executor: Executor = db()) {
  const [row] = await executor
    .select({ certificate: certificates, edition: editions })
    .from(certificates)
    .innerJoin(editions, eq(editions.id, certificates.editionId))
    .where(eq(certificates.code, code));
  return row;
}

/** A unit's own certificates (scoped by the unit: another unit's rows never come back). */
export function unitCertificates(unitId: number, executor: Executor = db()) {
  return executor
    .select({
      id: certificates.id,
      number: certificates.number,
      code: certificates.code,
      categoryName: certificates.categoryName,
      tierName: certificates.tierName,
      subject: certificates.subject,
      issuedAt: certificates.issuedAt,
      revokedAt: certificates.revokedAt,
      revokeReason: certificates.revokeReason,
      editionName: editions.name,
      editionYear: editions.year,
    })
    .from(certificates)
    .innerJoin(editions, eq(editions.id, certificates.editionId))
    .where(eq(certificates.unitId, unitId))
    .orderBy(desc(editions.year), asc(certificates.number));
}

/** One certificate of a unit, or undefined when it is another unit's. */
export async function unitCertificate(unitId: number, certificateId: number, executor: Executor = db()) {
  const [row] = await executor
    .select({ certificate: certificates, edition: editions })
    .from(certificates)
    .innerJoin(editions, eq(editions.id, certificates.editionId))
    .where(and(eq(certificates.id, certificateId), eq(certificates.unitId, unitId)));
  return row;
}

export const CERTIFICATES_PAGE_SIZE = 100;

/** An edition's certificates for organizers, paged, with counts. */
export async function editionCertificates(editionId: number, page: number, executor: Executor = db()) {
  const [total] = await executor
    .select({
      n: count(),
      revoked: sql<number>`count(*) filter (where ${certificates.revokedAt} is not null)::int`,
    })
    .from(certificates)
    .where(eq(certificates.editionId, editionId));
  const rows = await executor
    .select()
    .from(certificates)
    .where(eq(certificates.editionId, editionId))
    .orderBy(asc(certificates.number))
    .limit(CERTIFICATES_PAGE_SIZE)
    .offset((page - 1) * CERTIFICATES_PAGE_SIZE);
  return { rows, total: total?.n ?? 0, revoked: total?.revoked ?? 0 };
}
