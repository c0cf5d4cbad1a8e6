import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client.server";
import {
  accounts,
  assignments,
  attachments,
  categories,
  editions,
  entries,
  entryReferenceCounters,
  units,
  users,
} from "#db/schema";
import type { AttachmentKind } from "#db/schema/entries";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { formatDateTime } from "~/modules/editions/time";
import { isLocale } from "~/modules/i18n/i18n";
import { enqueueMail } from "~/modules/mail/mail.server";
import { formatMegabytes } from "~/modules/storage/file-type";
import { fileStorage } from "~/modules/storage/storage.server";
import { UploadError } from "~/modules/storage/upload.server";
import { linkKey } from "./link";
import { completenessProblems, formatReference, unitMayEdit } from "./rules";
import type { EntryDraftInput } from "./schema";

/*
 * Entries as a unit sees them. Every function takes the unit's id and filters by it, so a route
 * that forgot its guard still could not reach another unit's rows: a foreign id is "not found".
 */

export type UnitActor = { userId: string; unitId: number; ip: string };
export type Entry = typeof entries.$inferSelect;

export class EntryConflictError extends Error {}
export class EntryLockedError extends Error {
  constructor(public reason: string) {
    super(reason);
  }
}
export class EntryIncompleteError extends Error {
  constructor(public fieldErrors: Record<string, string[]>) {
    super("incomplete");
  }
}
export class EntryLimitError extends Error {
  constructor(public limit: number) {
    super("limit");
  }
}

const notFound = () => new Response("Not Found", { status: 404 });

/** The unit's entries with their edition and category names, newest first. */
export function listUnitEntries(unitId: number) {
  return db()
    .select({
      id: entries.id,
      reference: entries.reference,
      title: entries.title,
      status: entries.status,
      updatedAt: entries.updatedAt,
      revisionDeadline: entries.revisionDeadline,
      editionName: editions.name,
      categoryName: categories.name,
    })
    .from(entries)
    .innerJoin(editions, eq(editions.id, entries.editionId))
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .where(eq(entries.unitId, unitId))
    .orderBy(desc(entries.updatedAt), desc(entries.id));
}

/** Editions open for entries now, with their categories, for the "new entry" choice. */
export async function openCategories(now = new Date()) {
  return db()
    .select({
      editionId: editions.id,
      editionName: editions.name,
      closesAt: editions.submissionClosesAt,
      categoryId: categories.id,
      categoryName: categories.name,
      kind: categories.kind,
      limit: editions.entriesPerUnitPerCategory,
    })
    .from(categories)
    .innerJoin(editions, eq(editions.id, categories.editionId))
    .where(
      and(
        eq(editions.phase, "open"),
        // Column-typed comparisons: postgres.js needs the column's mapping to send a Date.
        or(isNull(editions.submissionOpensAt), lte(editions.submissionOpensAt, now)),
        or(isNull(editions.submissionClosesAt), gte(editions.submissionClosesAt, now)),
      ),
    )
    .orderBy(asc(editions.id), asc(categories.position));
}

/** One of the unit's entries with everything its form needs; 404 for anything else. */
export async function getUnitEntry(unitId: number, entryId: number) {
  const [row] = await db()
    .select({ entry: entries, category: categories, edition: editions })
    .from(entries)
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, entries.editionId))
    .where(and(eq(entries.id, entryId), eq(entries.unitId, unitId)))
    .limit(1);
  if (!row) throw notFound();
  const [files, unitAccounts] = await Promise.all([
    db().select().from(attachments).where(eq(attachments.entryId, entryId)).orderBy(asc(attachments.id)),
    db().select().from(accounts).where(eq(accounts.unitId, unitId)).orderBy(asc(accounts.id)),
  ]);
  return { ...row, attachments: files, accounts: unitAccounts };
}

export async function createDraft(
  actor: UnitActor,
  categoryId: number,
  now = new Date(),
): Promise<{ id: number }> {
  return db().transaction(async (tx) => {
    const [category] = await tx
      .select({ id: categories.id, editionId: categories.editionId, edition: editions })
      .from(categories)
      .innerJoin(editions, eq(editions.id, categories.editionId))
      .where(eq(categories.id, categoryId))
      .limit(1);
    if (!category) throw notFound();
    const may = unitMayEdit({ status: "draft", revisionDeadline: null }, category.edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    const [row] = await tx
      .insert(entries)
      .values({ editionId: category.editionId, categoryId, unitId: actor.unitId, createdBy: actor.userId })
      .returning({ id: entries.id });
    if (!row) throw new Error("insert returned nothing");
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "entry.create",
      subjectType: "entry",
      subjectId: row.id,
      editionId: category.editionId,
    });
    return row;
  });
}

async function lockUnitEntry(tx: Executor, unitId: number, entryId: number) {
  const [row] = await tx
    .select({ entry: entries, category: categories, edition: editions })
    .from(entries)
    .innerJoin(categories, eq(categories.id, entries.categoryId))
    .innerJoin(editions, eq(editions.id, entries.editionId))
    .where(and(eq(entries.id, entryId), eq(entries.unitId, unitId)))
    .for("update", { of: entries });
  if (!row) throw notFound();
  return row;
}

/**
 * Serialises what is counted per unit (entries per category, attachment bytes). Taken after the
 * entry's lock, never before it, so two of these transactions cannot wait on each other.
 */
async function lockUnit(tx: Executor, unitId: number) {
  // "No key update": the lock conflicts with itself but not with the key-share locks that
  // inserting rows referencing the unit takes, so creating drafts does not queue behind it.
  await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).for("no key update");
}

function draftValues(input: EntryDraftInput) {
  return {
    title: input.title,
    accountId: input.accountId ?? null,
    platform: input.platform ?? null,
    link: input.link,
    linkKey: linkKey(input.link),
    publishDate: input.publishDate ?? null,
    summary: input.summary,
    videoLink: input.videoLink,
    reads: input.reads ?? null,
    plays: input.plays ?? null,
    likes: input.likes ?? null,
    shares: input.shares ?? null,
    comments: input.comments ?? null,
  };
}

export type SaveResult = { version: number; submitted: boolean; reference: string | null };

/**
 * Saves the form, and submits when asked. The version the form was loaded with must still be the
 * current one: a second tab that saved in between makes this one fail with a conflict instead of
 * silently overwriting. Submitting an already submitted, unchanged entry again does nothing.
 */
export async function saveEntry(
  actor: UnitActor,
  entryId: number,
  input: EntryDraftInput,
  now = new Date(),
): Promise<SaveResult> {
  const result = await db().transaction(async (tx) => {
    const { entry, category, edition } = await lockUnitEntry(tx, actor.unitId, entryId);
    if (entry.version !== input.version) {
      if (input.intent === "submit" && entry.status === "submitted" && entry.version === input.version + 1) {
        // The same submit arriving twice (double click, retried request): already done.
        return { version: entry.version, submitted: true, reference: entry.reference, mail: null };
      }
      throw new EntryConflictError();
    }
    const may = unitMayEdit(entry, edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    if (input.accountId) {
      const [own] = await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(eq(accounts.id, input.accountId), eq(accounts.unitId, actor.unitId)));
      if (!own) throw new EntryIncompleteError({ accountId: ["form.invalid"] });
    }
    const values = draftValues(input);
    // A submitted entry stays complete: saving it checks it like a submission does.
    const submitting = input.intent === "submit" || entry.status === "submitted";
    let status = entry.status;
    let reference = entry.reference;
    let submittedAt = entry.submittedAt;
    if (submitting) {
      const files = await tx
        .select({ kind: attachments.kind })
        .from(attachments)
        .where(eq(attachments.entryId, entryId));
      const problems = completenessProblems({
        kind: category.kind,
        requiresVideo: category.requiresVideo,
        summaryMaxLength: category.summaryMaxLength,
        allowedPlatforms: category.platforms,
        statsFrom: edition.statsFrom,
        statsTo: edition.statsTo,
        entry: { ...values, accountId: values.accountId },
        hasVideoAttachment: files.some((f) => f.kind === "video"),
      });
      if (Object.keys(problems).length > 0) throw new EntryIncompleteError(problems);
      if (entry.status === "draft") {
        // The count is of the unit's other entries, which the entry's lock does not cover: lock the
        // unit's row so concurrent submits of its drafts count one after the other.
        await lockUnit(tx, actor.unitId);
        const [{ n } = { n: 0 }] = await tx
          .select({ n: count() })
          .from(entries)
          .where(
            and(
              eq(entries.unitId, actor.unitId),
              eq(entries.categoryId, category.id),
              inArray(entries.status, ["submitted", "returned", "accepted"]),
            ),
          );
        if (n >= edition.entriesPerUnitPerCategory)
          throw new EntryLimitError(edition.entriesPerUnitPerCategory);
      }
      if (!reference) {
        const [counter] = await tx
          .insert(entryReferenceCounters)
          .values({ categoryId: category.id, lastNumber: 1 })
          .onConflictDoUpdate({
            target: entryReferenceCounters.categoryId,
            set: { lastNumber: sql`${entryReferenceCounters.lastNumber} + 1` },
          })
          .returning({ n: entryReferenceCounters.lastNumber });
        reference = formatReference(edition.year, category.code, counter?.n ?? 1);
      }
      status = "submitted";
      submittedAt = now;
    }
    const [saved] = await tx
      .update(entries)
      .set({
        ...values,
        status,
        reference,
        submittedAt,
        version: entry.version + 1,
        updatedAt: now,
        ...(submitting ? { revisionDeadline: null } : {}),
      })
      .where(eq(entries.id, entryId))
      .returning({ version: entries.version });
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: entry.status === "submitted" ? "entry.update" : submitting ? "entry.submit" : "entry.save",
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      before: submitting ? { status: entry.status } : undefined,
      after: submitting ? { status, reference } : undefined,
    });
    if (submitting && entry.status !== "submitted") {
      await queueUnitMail(tx, actor.userId, "entry-receipt", {
        title: values.title,
        reference: reference ?? "",
        editionName: edition.name,
        categoryName: category.name,
        submittedAt: formatDateTime(now),
        entryUrl: `${env().appUrl}/unit/entries/${entryId}`,
      });
    }
    return { version: saved?.version ?? entry.version + 1, submitted: submitting, reference };
  });
  return { version: result.version, submitted: result.submitted, reference: result.reference };
}

/** Takes a submitted entry back to draft (before the deadline), keeping its reference. */
export async function withdrawEntry(actor: UnitActor, entryId: number, version: number, now = new Date()) {
  await db().transaction(async (tx) => {
    const { entry, edition } = await lockUnitEntry(tx, actor.unitId, entryId);
    if (entry.version !== version) throw new EntryConflictError();
    if (entry.status !== "submitted") throw new EntryLockedError("entry.notSubmitted");
    const may = unitMayEdit(entry, edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    await tx
      .update(entries)
      .set({ status: "draft", version: entry.version + 1, updatedAt: now })
      .where(eq(entries.id, entryId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "entry.withdraw",
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      before: { status: "submitted" },
      after: { status: "draft" },
    });
  });
}

/** Deletes a draft that was never submitted. */
export async function deleteDraft(actor: UnitActor, entryId: number, now = new Date()) {
  const keys = await db().transaction(async (tx) => {
    const { entry, edition } = await lockUnitEntry(tx, actor.unitId, entryId);
    if (entry.status !== "draft" || entry.reference) throw new EntryLockedError("entry.onlyNewDrafts");
    const may = unitMayEdit(entry, edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    // The attachments go with the entry (on delete cascade): their files after the commit.
    const files = await tx
      .select({ key: attachments.storageKey })
      .from(attachments)
      .where(eq(attachments.entryId, entryId));
    await tx.delete(entries).where(eq(entries.id, entryId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "entry.delete",
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      before: { title: entry.title },
    });
    return files.map((f) => f.key);
  });
  await deleteUnreferencedFiles(keys);
}

export type StoredFile = {
  storageKey: string;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  kind: AttachmentKind;
};

/** An entry takes this many attachments at most, over all its uploads. */
export const ATTACHMENTS_PER_ENTRY = 10;

/** The entry has all the attachments it may have ("upload.entryFull" { max, n }); 413. */
export function entryFullError(n: number): UploadError {
  return new UploadError("upload.entryFull", { max: ATTACHMENTS_PER_ENTRY, n }, 413);
}

/** The unit's attachments in the edition would pass its quota ("upload.quotaExceeded"); 413. */
export function quotaError(usedBytes: number): UploadError {
  const quota = env().unitQuotaBytes;
  return new UploadError(
    "upload.quotaExceeded",
    { max: formatMegabytes(quota), used: formatMegabytes(usedBytes) },
    413,
  );
}

/** How many attachments the entry has, and how many bytes the unit's entries of its edition hold. */
async function attachmentUse(tx: Executor, unitId: number, entryId: number, editionId: number) {
  const [row] = await tx
    .select({
      files: sql<number>`count(*) filter (where ${attachments.entryId} = ${entryId})`,
      bytes: sql<number>`coalesce(sum(${attachments.size}), 0)`,
    })
    .from(attachments)
    .innerJoin(entries, eq(entries.id, attachments.entryId))
    .where(and(eq(entries.unitId, unitId), eq(entries.editionId, editionId)));
  return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/**
 * What an upload to the entry may still bring: files (of ATTACHMENTS_PER_ENTRY) and bytes (of the
 * unit's quota in the edition). Read before the body, so an upload past either stops early; the
 * insert checks again under the locks (addAttachments).
 */
export async function attachmentRoom(actor: UnitActor, entry: { id: number; editionId: number }) {
  const used = await attachmentUse(db(), actor.unitId, entry.id, entry.editionId);
  return {
    files: ATTACHMENTS_PER_ENTRY - used.files,
    usedFiles: used.files,
    bytes: env().unitQuotaBytes - used.bytes,
    usedBytes: used.bytes,
  };
}

/**
 * Records files already written to storage as attachments of the unit's entry: at most
 * ATTACHMENTS_PER_ENTRY on the entry and the unit's quota of bytes in the edition, counted under
 * the entry's and the unit's locks so concurrent uploads cannot pass them together (UploadError).
 */
export async function addAttachments(
  actor: UnitActor,
  entryId: number,
  files: StoredFile[],
  now = new Date(),
) {
  await db().transaction(async (tx) => {
    const { entry, edition } = await lockUnitEntry(tx, actor.unitId, entryId);
    const may = unitMayEdit(entry, edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    if (files.length === 0) return;
    await lockUnit(tx, actor.unitId);
    const used = await attachmentUse(tx, actor.unitId, entryId, edition.id);
    if (used.files + files.length > ATTACHMENTS_PER_ENTRY) throw entryFullError(used.files);
    const adding = files.reduce((sum, f) => sum + f.size, 0);
    if (used.bytes + adding > env().unitQuotaBytes) throw quotaError(used.bytes);
    await tx.insert(attachments).values(files.map((f) => ({ ...f, entryId, createdBy: actor.userId })));
    await tx.update(entries).set({ updatedAt: now }).where(eq(entries.id, entryId));
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "entry.attach",
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      after: files.map((f) => ({ name: f.originalName, sha256: f.sha256, size: f.size })),
    });
  });
}

/**
 * Removes an attachment, and its file once the row is gone: nothing else names an entry's file
 * (each upload has its own key, and entries keep no older copies of their attachments).
 */
export async function removeAttachment(
  actor: UnitActor,
  entryId: number,
  attachmentId: number,
  now = new Date(),
) {
  const removed = await db().transaction(async (tx) => {
    const { entry, edition } = await lockUnitEntry(tx, actor.unitId, entryId);
    const may = unitMayEdit(entry, edition, now);
    if (!may.ok) throw new EntryLockedError(may.reason);
    const [removed] = await tx
      .delete(attachments)
      .where(and(eq(attachments.id, attachmentId), eq(attachments.entryId, entryId)))
      .returning();
    if (!removed) throw notFound();
    await audit(tx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: "entry.detach",
      subjectType: "entry",
      subjectId: entryId,
      editionId: edition.id,
      before: { name: removed.originalName, sha256: removed.sha256 },
    });
    return removed;
  });
  await deleteUnreferencedFiles([removed.storageKey]);
  return removed;
}

/**
 * Deletes stored files that no attachment names any more, after the transaction that removed their
 * rows committed (a rollback must not lose a file). A failure leaves an orphan file, not a broken row.
 */
async function deleteUnreferencedFiles(keys: string[]) {
  if (keys.length === 0) return;
  const still = await db()
    .select({ key: attachments.storageKey })
    .from(attachments)
    .where(inArray(attachments.storageKey, keys));
  const named = new Set(still.map((r) => r.key));
  const storage = fileStorage();
  await Promise.all(keys.filter((k) => !named.has(k)).map((k) => storage.delete(k).catch(() => undefined)));
}

/** Mail to the unit user who acted (or, from review, the entry's creator), in their language. */
export async function queueUnitMail<
  K extends "entry-receipt" | "entry-returned" | "entry-accepted" | "entry-rejected",
>(tx: Executor, userId: string | null, template: K, props: Parameters<typeof enqueueMail<K>>[1]["props"]) {
  if (!userId) return;
  const [user] = await tx
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return;
  await enqueueMail(tx, {
    template,
    to: user.email,
    locale: isLocale(user.locale) ? user.locale : "zh-CN",
    props,
  });
}

/** The unit's name for an entry (used in review pages). */
export async function unitName(unitId: number) {
  const [row] = await db().select({ name: units.name }).from(units).where(eq(units.id, unitId));
  return row?.name ?? "";
}

/**
 * An attachment the user may open: organizers any; a unit user only their own unit's; judges
 * (once assignments exist) only those of entries assigned to them. Anything else is "not found".
 */
export async function attachmentForViewer(
  viewer: { id: string; role: "organizer" | "judge" | "unit" },
  attachmentId: number,
) {
  const [row] = await db()
    .select({
      attachment: attachments,
      entryId: entries.id,
      reference: entries.reference,
      unitId: entries.unitId,
    })
    .from(attachments)
    .innerJoin(entries, eq(entries.id, attachments.entryId))
    .where(eq(attachments.id, attachmentId))
    .limit(1);
  if (!row) throw notFound();
  if (viewer.role === "organizer") return row;
  if (viewer.role === "judge") {
    const [assigned] = await db()
      .select({ id: assignments.id })
      .from(assignments)
      .innerJoin(editions, eq(editions.id, assignments.editionId))
      .where(
        and(
          eq(assignments.judgeId, viewer.id),
          eq(assignments.entryId, row.entryId),
          sql`${assignments.state} <> 'recused'`,
          // As the judge's pages: assignments are theirs to see from judging on.
          sql`${editions.phase} not in ('draft', 'open', 'review')`,
        ),
      )
      .limit(1);
    if (assigned) return row;
  }
  if (viewer.role === "unit") {
    const [me] = await db().select({ unitId: users.unitId }).from(users).where(eq(users.id, viewer.id));
    if (me?.unitId && me.unitId === row.unitId) return row;
  }
  throw notFound();
}
