import { createHash } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Executor, type Tx } from "#db/client.server";
import {
  accounts,
  awards,
  categories,
  editions,
  entries,
  objections,
  type PublicationKind,
  publications,
  results,
  tallySnapshots,
  tierOverrides,
  tiers,
  units,
} from "#db/schema";
import { audit } from "~/modules/audit/audit.server";
import { reconcileCertificates } from "~/modules/certificates/certificates.server";
import { awardsCsv } from "./export";
import { noticeEnd } from "./notice";

/*
 * Publishing the lists. The provisional list (公示) and the final list (公布) are frozen copies of
 * the awards at the moment of publication: the current tally snapshot with the organizers'
 * overrides applied. The public pages read only these copies, so re-running the tally during the
 * notice period changes nothing public until the organizer publishes again. Each copy is sealed
 * with the SHA-256 of its canonical CSV (the bytes served at /e/:slug/results.csv).
 */

export type PublishActor = { id: string; ip: string };
export type AwardRow = Omit<typeof awards.$inferSelect, "id" | "publicationId">;

export type PublishProblem =
  | "results.publish.noTally"
  | "results.publish.wrongPhase"
  | "results.publish.unsettledTies"
  | "results.publish.noticeNotOver"
  | "results.publish.openObjections"
  | "results.publish.noAwards";

export class PublishRefusedError extends Error {
  constructor(readonly problems: PublishProblem[]) {
    super(problems.join(", "));
  }
}

/**
 * The awards as they stand now: every result whose tier (the organizer's override if any, else the
 * tally's) is set, in list order: category, tier, rank, entry.
 */
export async function currentAwards(executor: Executor, editionId: number): Promise<AwardRow[]> {
  const effectiveTier = sql<
    number | null
  >`case when ${tierOverrides.entryId} is not null then ${tierOverrides.tierId} else ${results.tierId} end`;
  const rows = await executor
    .select({
      categoryId: categories.id,
      categoryCode: categories.code,
      categoryName: categories.name,
      categoryKind: categories.kind,
      tierId: tiers.id,
      tierName: tiers.name,
      rank: results.rank,
      entryId: entries.id,
      reference: entries.reference,
      entryTitle: entries.title,
      link: entries.link,
      platform: entries.platform,
      unitId: units.id,
      unitName: units.name,
      accountName: accounts.name,
      overridden: sql<boolean>`${tierOverrides.entryId} is not null`,
    })
    .from(results)
    .innerJoin(tallySnapshots, eq(tallySnapshots.id, results.snapshotId))
    .innerJoin(entries, eq(entries.id, results.entryId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .innerJoin(categories, eq(categories.id, results.categoryId))
    .leftJoin(accounts, eq(accounts.id, entries.accountId))
    .leftJoin(
      tierOverrides,
      and(eq(tierOverrides.editionId, editionId), eq(tierOverrides.entryId, results.entryId)),
    )
    .innerJoin(tiers, eq(tiers.id, effectiveTier))
    .where(eq(tallySnapshots.editionId, editionId))
    .orderBy(
      asc(categories.position),
      asc(categories.id),
      asc(tiers.position),
      sql`${results.rank} asc nulls last`,
      asc(entries.id),
    );
  return rows.map((r, i) => ({
    editionId,
    categoryId: r.categoryId,
    tierId: r.tierId,
    entryId: r.entryId,
    unitId: r.unitId,
    position: i + 1,
    categoryCode: r.categoryCode,
    categoryName: r.categoryName,
    categoryKind: r.categoryKind,
    tierName: r.tierName,
    rank: r.rank,
    reference: r.reference ?? "",
    unitName: r.unitName,
    entryTitle: r.entryTitle,
    accountName: r.accountName ?? "",
    platform: r.platform ?? "",
    link: r.link,
    overridden: r.overridden,
  }));
}

export function sealOf(csv: string): string {
  return createHash("sha256").update(csv, "utf8").digest("hex");
}

async function lockEdition(tx: Tx, editionId: number) {
  const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
  if (!edition) throw new Response("Not Found", { status: 404 });
  return edition;
}

/** Results whose tie straddles a tier boundary and that the organizer has not settled. */
async function unsettledTies(tx: Tx, editionId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(results)
    .innerJoin(tallySnapshots, eq(tallySnapshots.id, results.snapshotId))
    .leftJoin(
      tierOverrides,
      and(eq(tierOverrides.editionId, editionId), eq(tierOverrides.entryId, results.entryId)),
    )
    .where(
      and(
        eq(tallySnapshots.editionId, editionId),
        eq(results.tieAtBoundary, true),
        sql`${tierOverrides.entryId} is null`,
      ),
    );
  return row?.n ?? 0;
}

async function writePublication(
  tx: Tx,
  actor: PublishActor,
  editionId: number,
  kind: PublicationKind,
  rows: AwardRow[],
  extra: { correctionReason?: string; tallyRanAt: Date | null; now: Date },
) {
  const [last] = await tx
    .select({ version: publications.version })
    .from(publications)
    .where(and(eq(publications.editionId, editionId), eq(publications.kind, kind)))
    .orderBy(desc(publications.version))
    .limit(1);
  const csv = awardsCsv(rows);
  const [publication] = await tx
    .insert(publications)
    .values({
      editionId,
      kind,
      version: (last?.version ?? 0) + 1,
      correctionReason: extra.correctionReason ?? null,
      sha256: sealOf(csv),
      tallyRanAt: extra.tallyRanAt,
      publishedAt: extra.now,
      publishedBy: actor.id,
    })
    .returning();
  if (!publication) throw new Error("insert returned nothing");
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insert(awards)
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, publicationId: publication.id })));
  }
  return publication;
}

/**
 * Publishes the provisional list for public notice (公示): from `tallied`, or again during the
 * notice period after an upheld objection (a new version of the notice). Sets the notice period
 * when the edition has none: from now to the end of the fifth working day.
 */
export async function publishNotice(
  actor: PublishActor,
  editionId: number,
  now = new Date(),
  executor: Executor = db(),
) {
  return executor.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    const problems: PublishProblem[] = [];
    if (edition.phase !== "tallied" && edition.phase !== "notice")
      problems.push("results.publish.wrongPhase");
    const [snapshot] = await tx.select().from(tallySnapshots).where(eq(tallySnapshots.editionId, editionId));
    if (!snapshot) problems.push("results.publish.noTally");
    else if ((await unsettledTies(tx, editionId)) > 0) problems.push("results.publish.unsettledTies");
    const rows = snapshot ? await currentAwards(tx, editionId) : [];
    if (snapshot && rows.length === 0) problems.push("results.publish.noAwards");
    if (problems.length > 0) throw new PublishRefusedError(problems);

    const noticeStartsAt =
      edition.phase === "notice" && edition.noticeStartsAt ? edition.noticeStartsAt : now;
    const noticeEndsAt =
      edition.noticeEndsAt && edition.noticeEndsAt > now ? edition.noticeEndsAt : noticeEnd(now, 5);
    const publication = await writePublication(tx, actor, editionId, "notice", rows, {
      tallyRanAt: snapshot?.ranAt ?? null,
      now,
    });
    await tx
      .update(editions)
      .set({ phase: "notice", noticeStartsAt, noticeEndsAt, updatedAt: now })
      .where(eq(editions.id, editionId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "results.publishNotice",
      subjectType: "publication",
      subjectId: publication.id,
      editionId,
      before: { phase: edition.phase },
      after: {
        phase: "notice",
        version: publication.version,
        awards: rows.length,
        sha256: publication.sha256,
        noticeStartsAt: noticeStartsAt.toISOString(),
        noticeEndsAt: noticeEndsAt.toISOString(),
      },
    });
    return publication;
  });
}

/**
 * Publishes the final list (公布) once the notice period is over and every objection is decided.
 * Returns the publication; the caller queues the units' results mail in the same transaction via
 * `onPublished`.
 */
export async function publishFinal(
  actor: PublishActor,
  editionId: number,
  now = new Date(),
  onPublished?: (tx: Tx, publicationId: number) => Promise<void>,
  executor: Executor = db(),
) {
  return executor.transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    const problems: PublishProblem[] = [];
    if (edition.phase !== "notice") problems.push("results.publish.wrongPhase");
    else if (!edition.noticeEndsAt || edition.noticeEndsAt > now)
      problems.push("results.publish.noticeNotOver");
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(objections)
      .where(and(eq(objections.editionId, editionId), eq(objections.status, "open")));
    if ((open?.n ?? 0) > 0) problems.push("results.publish.openObjections");
    const [snapshot] = await tx.select().from(tallySnapshots).where(eq(tallySnapshots.editionId, editionId));
    if (!snapshot) problems.push("results.publish.noTally");
    else if ((await unsettledTies(tx, editionId)) > 0) problems.push("results.publish.unsettledTies");
    const rows = snapshot ? await currentAwards(tx, editionId) : [];
    if (snapshot && rows.length === 0) problems.push("results.publish.noAwards");
    if (problems.length > 0) throw new PublishRefusedError([...new Set(problems)]);

    const publication = await writePublication(tx, actor, editionId, "final", rows, {
      tallyRanAt: snapshot?.ranAt ?? null,
      now,
    });
    await tx.update(editions).set({ phase: "published", updatedAt: now }).where(eq(editions.id, editionId));
    // One certificate per award, issued with the list (issue and list land together or not at all).
    await reconcileCertificates(tx, actor, editionId, publication.id, "", now);
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "results.publishFinal",
      subjectType: "publication",
      subjectId: publication.id,
      editionId,
      before: { phase: edition.phase },
      after: { phase: "published", awards: rows.length, sha256: publication.sha256 },
    });
    if (onPublished) await onPublished(tx, publication.id);
    return publication;
  });
}

/**
 * A correction after publication: the organizer's new tier for one entry (null: no award) with a
 * written reason, published at once as the next version of the final list.
 */
export async function publishCorrection(
  actor: PublishActor,
  editionId: number,
  correction: { entryId: number; tierId: number | null; reason: string },
  now = new Date(),
  onCorrected?: (tx: Tx, publicationId: number, previousId: number) => Promise<void>,
) {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    if (edition.phase !== "published") throw new PublishRefusedError(["results.publish.wrongPhase"]);
    const [previous] = await tx
      .select()
      .from(publications)
      .where(and(eq(publications.editionId, editionId), eq(publications.kind, "final")))
      .orderBy(desc(publications.version))
      .limit(1);
    if (!previous) throw new PublishRefusedError(["results.publish.wrongPhase"]);
    await setOverride(tx, actor, editionId, correction, "results.correct");
    const [snapshot] = await tx.select().from(tallySnapshots).where(eq(tallySnapshots.editionId, editionId));
    const rows = await currentAwards(tx, editionId);
    const publication = await writePublication(tx, actor, editionId, "final", rows, {
      correctionReason: correction.reason,
      tallyRanAt: snapshot?.ranAt ?? null,
      now,
    });
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "results.publishCorrection",
      subjectType: "publication",
      subjectId: publication.id,
      editionId,
      before: { version: previous.version, sha256: previous.sha256 },
      after: { version: publication.version, sha256: publication.sha256, reason: correction.reason },
    });
    // Certificates whose award changed or went are revoked with the correction's reason.
    await reconcileCertificates(tx, actor, editionId, publication.id, correction.reason, now);
    if (onCorrected) await onCorrected(tx, publication.id, previous.id);
    return publication;
  });
}

/**
 * Sets (or, with `clear`, removes) the organizer's tier for an entry, audited with the tier before
 * and after. `tierId` must be a tier of the entry's category, or null for no award.
 */
export async function setOverride(
  tx: Tx,
  actor: PublishActor,
  editionId: number,
  change: { entryId: number; tierId: number | null; reason: string; objectionId?: number; clear?: boolean },
  action = "results.override",
) {
  const [entry] = await tx
    .select({ id: entries.id, categoryId: entries.categoryId })
    .from(entries)
    .where(and(eq(entries.id, change.entryId), eq(entries.editionId, editionId)));
  if (!entry) throw new Response("Not Found", { status: 404 });
  if (change.tierId !== null) {
    const [tier] = await tx
      .select({ id: tiers.id })
      .from(tiers)
      .where(and(eq(tiers.id, change.tierId), eq(tiers.categoryId, entry.categoryId)));
    if (!tier) throw new Response("Not Found", { status: 404 });
  }
  const [before] = await tx
    .select()
    .from(tierOverrides)
    .where(and(eq(tierOverrides.editionId, editionId), eq(tierOverrides.entryId, change.entryId)));
  if (change.clear) {
    await tx
      .delete(tierOverrides)
      .where(and(eq(tierOverrides.editionId, editionId), eq(tierOverrides.entryId, change.entryId)));
  } else {
    const values = {
      editionId,
      entryId: change.entryId,
      tierId: change.tierId,
      reason: change.reason,
      objectionId: change.objectionId ?? null,
      createdBy: actor.id,
      createdAt: new Date(),
    };
    await tx
      .insert(tierOverrides)
      .values(values)
      .onConflictDoUpdate({
        target: [tierOverrides.editionId, tierOverrides.entryId],
        set: {
          tierId: values.tierId,
          reason: values.reason,
          objectionId: values.objectionId,
          createdBy: values.createdBy,
          createdAt: values.createdAt,
        },
      });
  }
  await audit(tx, {
    actorId: actor.id,
    ip: actor.ip,
    action: change.clear ? `${action}.clear` : action,
    subjectType: "entry",
    subjectId: change.entryId,
    editionId,
    before: before ? { tierId: before.tierId, reason: before.reason } : null,
    after: change.clear ? null : { tierId: change.tierId, reason: change.reason },
  });
}

/** The latest version of a published list of the edition, or undefined. */
export async function latestPublication(editionId: number, kind: PublicationKind, executor: Executor = db()) {
  const [row] = await executor
    .select()
    .from(publications)
    .where(and(eq(publications.editionId, editionId), eq(publications.kind, kind)))
    .orderBy(desc(publications.version))
    .limit(1);
  return row;
}

/** Every version of a list, newest first (corrections are shown on the public page). */
export function publicationHistory(editionId: number, kind: PublicationKind, executor: Executor = db()) {
  return executor
    .select()
    .from(publications)
    .where(and(eq(publications.editionId, editionId), eq(publications.kind, kind)))
    .orderBy(desc(publications.version));
}

/** The awards of one published list, in list order. */
export function publicationAwards(publicationId: number, executor: Executor = db()) {
  return executor
    .select()
    .from(awards)
    .where(eq(awards.publicationId, publicationId))
    .orderBy(asc(awards.position));
}
