import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { accounts, attachments, categories, editions, entries, units } from "#db/schema";
import type { EntryStatus } from "#db/schema/entries";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { formatDateTime, fromLocalInput } from "~/modules/editions/time";
import { queueUnitMail } from "~/modules/entries/entries.server";

/*
 * 形式审查: the organizer's review queue with machine checks, and the review decisions.
 * The checks are computed in SQL for the whole page at once (no query per entry).
 */

export type OrganizerActor = { userId: string; ip: string };

export const REVIEW_PAGE_SIZE = 50;

/** Columns the queue can be sorted by (?sort=); anything else sorts by reference (entry id). */
export const QUEUE_SORTS = ["reference", "title", "unit", "category", "status", "submittedAt"] as const;
export type QueueSort = { key: (typeof QUEUE_SORTS)[number]; dir: "asc" | "desc" };

export type QueueFilter = { categoryId?: number; status?: EntryStatus; page: number; sort?: QueueSort };

/**
 * Entries of an edition past draft, with their machine-check flags, one page at a time. The page's
 * ids are found first with only what the order needs; the checks and names are then computed for
 * those rows alone (OFFSET would otherwise compute them for every skipped row: the last page of a
 * national edition took half a second).
 */
export async function reviewQueue(editionId: number, filter: QueueFilter) {
  const conditions = [eq(entries.editionId, editionId), sql`${entries.status} <> 'draft'`];
  if (filter.categoryId) conditions.push(eq(entries.categoryId, filter.categoryId));
  if (filter.status) conditions.push(eq(entries.status, filter.status));
  const key = filter.sort?.key ?? "reference";
  let ids = db().select({ id: entries.id }).from(entries).$dynamic();
  if (key === "unit") ids = ids.innerJoin(units, eq(units.id, entries.unitId));
  if (key === "category") ids = ids.innerJoin(categories, eq(categories.id, entries.categoryId));
  const page = ids
    .where(and(...conditions))
    .orderBy(...queueOrder(filter.sort))
    .limit(REVIEW_PAGE_SIZE + 1)
    .offset((filter.page - 1) * REVIEW_PAGE_SIZE)
    .as("page");
  const rows = await db()
    .select({
      id: entries.id,
      reference: entries.reference,
      title: entries.title,
      status: entries.status,
      submittedAt: entries.submittedAt,
      unitName: units.name,
      categoryName: categories.name,
      outsideWindow: sql<boolean>`(${entries.publishDate} is not null and (${entries.publishDate} < ${editions.statsFrom} or ${entries.publishDate} > ${editions.statsTo}))`,
      duplicateLink: sql<boolean>`(${entries.linkKey} <> '' and exists (select 1 from ${entries} other where other.link_key = ${entries.linkKey} and other.id <> ${entries.id} and other.status <> 'draft'))`,
      missingVideo: sql<boolean>`(${categories.requiresVideo} and ${entries.videoLink} = '' and not exists (select 1 from ${attachments} a where a.entry_id = ${entries.id} and a.kind = 'video'))`,
    })
    .from(page)
    .innerJoin(entries, eq(entries.id, page.id))
    .innerJoin(editions, eq(editions.id, entries.editionId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .orderBy(...queueOrder(filter.sort));
  return { rows: rows.slice(0, REVIEW_PAGE_SIZE), hasMore: rows.length > REVIEW_PAGE_SIZE };
}

function queueOrder(sort: QueueSort | undefined) {
  const column = {
    reference: entries.id,
    title: entries.title,
    unit: units.name,
    category: categories.position,
    status: entries.status,
    submittedAt: entries.submittedAt,
  }[sort?.key ?? "reference"];
  const by = sort?.dir === "desc" ? desc : asc;
  // The id breaks ties, so paging through equal values neither skips nor repeats entries.
  return [by(column), asc(entries.id)];
}

/** Entries per category and status, for the dashboard (one GROUP BY). */
export function entryCounts(editionId: number) {
  return db()
    .select({ categoryId: entries.categoryId, status: entries.status, n: count() })
    .from(entries)
    .where(eq(entries.editionId, editionId))
    .groupBy(entries.categoryId, entries.status);
}

/** An entry with everything the organizer needs to review it, and its machine checks. */
export async function entryForReview(entryId: number) {
  const [row] = await db()
    .select({ entry: entries, category: categories, edition: editions, unit: units, account: accounts })
    .from(entries)
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, entries.editionId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .leftJoin(accounts, eq(accounts.id, entries.accountId))
    .where(eq(entries.id, entryId))
    .limit(1);
  if (!row) throw new Response("Not Found", { status: 404 });
  const [files, duplicates] = await Promise.all([
    db().select().from(attachments).where(eq(attachments.entryId, entryId)).orderBy(asc(attachments.id)),
    row.entry.linkKey
      ? db()
          .select({
            id: entries.id,
            reference: entries.reference,
            title: entries.title,
            editionName: editions.name,
            unitName: units.name,
          })
          .from(entries)
          .innerJoin(editions, eq(editions.id, entries.editionId))
          .innerJoin(units, eq(units.id, entries.unitId))
          .where(
            and(
              eq(entries.linkKey, row.entry.linkKey),
              sql`${entries.id} <> ${entryId}`,
              sql`${entries.status} <> 'draft'`,
            ),
          )
      : Promise.resolve([]),
  ]);
  const e = row.entry;
  const outsideWindow = Boolean(
    e.publishDate &&
      ((row.edition.statsFrom && e.publishDate < row.edition.statsFrom) ||
        (row.edition.statsTo && e.publishDate > row.edition.statsTo)),
  );
  const missingVideo = row.category.requiresVideo && !e.videoLink && !files.some((f) => f.kind === "video");
  return { ...row, attachments: files, duplicates, checks: { outsideWindow, missingVideo } };
}

export type ReviewDecision =
  | { intent: "accept" }
  | { intent: "return"; reason: string; revisionDeadline: string }
  | { intent: "reject"; reason: string };

export class ReviewStateError extends Error {}

/** Accept, return for revision (with a reason and deadline) or reject (with a reason). */
export async function decide(
  actor: OrganizerActor,
  entryId: number,
  decision: ReviewDecision,
  now = new Date(),
) {
  await db().transaction(async (tx) => {
    const [row] = await tx
      .select({ entry: entries, edition: editions })
      .from(entries)
      .innerJoin(editions, eq(editions.id, entries.editionId))
      .where(eq(entries.id, entryId))
      .for("update", { of: entries });
    if (!row) throw new Response("Not Found", { status: 404 });
    const { entry, edition } = row;
    // Review decisions belong to the collection and review phases, before judging starts.
    if (!["open", "review"].includes(edition.phase)) throw new ReviewStateError("review.phaseClosed");
    if (entry.status === "draft") throw new ReviewStateError("review.notSubmitted");
    const status =
      decision.intent === "accept" ? "accepted" : decision.intent === "return" ? "returned" : "rejected";
    const revisionDeadline = decision.intent === "return" ? fromLocalInput(decision.revisionDeadline) : null;
    if (decision.intent === "return" && (!revisionDeadline || revisionDeadline <= now)) {
      throw new ReviewStateError("review.deadlinePast");
    }
    await tx
      .update(entries)
      .set({
        status,
        reviewReason: decision.intent === "accept" ? null : decision.reason,
        revisionDeadline,
        reviewedAt: now,
        reviewedBy: actor.userId,
        version: entry.version + 1,
        updatedAt: now,
      })
      .where(eq(entries.id, entryId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: `entry.${decision.intent}`,
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      before: { status: entry.status },
      after: { status, reason: decision.intent === "accept" ? undefined : decision.reason },
    });
    const common = {
      title: entry.title,
      reference: entry.reference ?? "",
      editionName: edition.name,
      entryUrl: `${env().appUrl}/unit/entries/${entryId}`,
    };
    if (decision.intent === "accept") await queueUnitMail(tx, entry.createdBy, "entry-accepted", common);
    else if (decision.intent === "reject")
      await queueUnitMail(tx, entry.createdBy, "entry-rejected", { ...common, reason: decision.reason });
    else
      await queueUnitMail(tx, entry.createdBy, "entry-returned", {
        ...common,
        reason: decision.reason,
        deadline: formatDateTime(revisionDeadline),
      });
  });
}
