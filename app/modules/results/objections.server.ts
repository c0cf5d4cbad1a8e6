import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { db, type Executor, type Tx } from "#db/client.server";
import { awards, editions, entries, objections, publications, units } from "#db/schema";
import { env } from "~/env.server";
import { audit } from "~/modules/audit/audit.server";
import { enqueueMail } from "~/modules/mail/mail.server";
import { addressKey } from "~/modules/throttle/address";
import { noticeOpen } from "./notice";
import type { DecideInput, ObjectionInput } from "./publication-schema";
import { OBJECTION_THROTTLE } from "./publication-schema";
import { type PublishActor, publishNotice, setOverride } from "./publish.server";

/*
 * 异议: objections to the provisional list, taken from the public only while the notice is up,
 * and the organizer's decisions on them.
 *
 * Upholding an objection changes the list: the entry is removed (no award) or given another tier
 * through an override that names the objection, and a new version of the notice is published in
 * the same transaction. The public therefore never reads a notice that the organizer has already
 * agreed is wrong, and the final list cannot silently differ from the last notice. If the new
 * version cannot be published (e.g. removing the only award), the decision is refused as a whole.
 * The notice period is not extended by this: the organizer extends it on the same page if the
 * change deserves a fresh period.
 */

/** A refusal the page shows as a message (a locale key). */
export class ObjectionRefusedError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** Too many objections from this address; try again at `retryAt`. */
export class ObjectionThrottledError extends Error {
  constructor(readonly retryAt: Date) {
    super("objection.throttled");
  }
}

async function lockEdition(tx: Tx, editionId: number) {
  const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId)).for("update");
  if (!edition) throw new Response("Not Found", { status: 404 });
  return edition;
}

/** The entries listed in the latest notice of the edition, for the objection form's select. */
export async function noticeEntryIds(editionId: number, executor: Executor = db()) {
  const [latest] = await executor
    .select({ id: publications.id })
    .from(publications)
    .where(and(eq(publications.editionId, editionId), eq(publications.kind, "notice")))
    .orderBy(desc(publications.version))
    .limit(1);
  if (!latest) return [];
  const rows = await executor
    .select({ entryId: awards.entryId })
    .from(awards)
    .where(eq(awards.publicationId, latest.id));
  return rows.flatMap((r) => (r.entryId === null ? [] : [r.entryId]));
}

/**
 * Records an objection from the public. Refused outside the notice period, for an entry that is not
 * on the current notice, and after OBJECTION_THROTTLE.max objections from the same address within
 * the window (counted from the objections themselves, so the limit holds across restarts and
 * app instances).
 */
export async function submitObjection(
  editionId: number,
  input: ObjectionInput,
  ip: string,
  now = new Date(),
) {
  return db().transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId));
    if (!edition) throw new Response("Not Found", { status: 404 });
    if (!noticeOpen(edition, now)) throw new ObjectionRefusedError("objection.closed");
    // Counted per addressKey (a whole IPv6 /64 is one client); the audit record keeps the address.
    const address = addressKey(ip);
    // One writer per address at a time, so two quick posts cannot both slip under the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`objection:${address}`}))`);
    const since = new Date(now.getTime() - OBJECTION_THROTTLE.windowMs);
    const recent = await tx
      .select({ createdAt: objections.createdAt })
      .from(objections)
      .where(and(eq(objections.ip, address), gt(objections.createdAt, since)))
      .orderBy(asc(objections.createdAt));
    if (recent.length >= OBJECTION_THROTTLE.max) {
      const oldest = recent[0]?.createdAt ?? now;
      throw new ObjectionThrottledError(new Date(oldest.getTime() + OBJECTION_THROTTLE.windowMs));
    }
    const listed = await noticeEntryIds(editionId, tx);
    if (!listed.includes(input.entryId)) throw new ObjectionRefusedError("objection.entryNotListed");
    const [row] = await tx
      .insert(objections)
      .values({
        editionId,
        entryId: input.entryId,
        name: input.name,
        phone: input.phone,
        email: input.email,
        reason: input.reason,
        ip: address,
        createdAt: now,
      })
      .returning({ id: objections.id });
    if (!row) throw new Error("insert returned nothing");
    // The objector's contact details stay out of the audit log; the objection row has them.
    await audit(tx, {
      actorId: null,
      ip,
      action: "objection.submit",
      subjectType: "objection",
      subjectId: row.id,
      editionId,
      after: { entryId: input.entryId },
    });
    return row;
  });
}

export type ObjectionFilter = "open" | "decided" | "all";

/** The objections of an edition for the organizer, newest first, with the entry they concern. */
export function listObjections(editionId: number, filter: ObjectionFilter = "all") {
  const conditions = [eq(objections.editionId, editionId)];
  if (filter === "open") conditions.push(eq(objections.status, "open"));
  if (filter === "decided") conditions.push(inArray(objections.status, ["upheld", "dismissed"]));
  return db()
    .select({
      id: objections.id,
      entryId: objections.entryId,
      entryTitle: entries.title,
      reference: entries.reference,
      categoryId: entries.categoryId,
      unitName: units.name,
      name: objections.name,
      phone: objections.phone,
      email: objections.email,
      reason: objections.reason,
      status: objections.status,
      reply: objections.reply,
      decidedAt: objections.decidedAt,
      createdAt: objections.createdAt,
    })
    .from(objections)
    .innerJoin(entries, eq(entries.id, objections.entryId))
    .innerJoin(units, eq(units.id, entries.unitId))
    .where(and(...conditions))
    .orderBy(desc(objections.createdAt), desc(objections.id));
}

/**
 * The organizer's decision on an open objection, with the reply the objector reads. Dismissing
 * changes nothing else; upholding removes or re-tiers the entry and publishes the next notice
 * version (see the header comment). The objector is mailed when they left an email address.
 */
export async function decideObjection(
  actor: PublishActor,
  editionId: number,
  input: Pick<DecideInput, "objectionId" | "decision" | "tierId" | "reply">,
  now = new Date(),
) {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    const [objection] = await tx
      .select()
      .from(objections)
      .where(and(eq(objections.id, input.objectionId), eq(objections.editionId, editionId)))
      .for("update");
    if (!objection) throw new Response("Not Found", { status: 404 });
    if (objection.status !== "open") throw new ObjectionRefusedError("objection.alreadyDecided");
    if (edition.phase !== "notice") throw new ObjectionRefusedError("objection.notInNotice");
    const [entry] = await tx
      .select({ title: entries.title })
      .from(entries)
      .where(eq(entries.id, objection.entryId));

    const status = input.decision === "dismiss" ? "dismissed" : "upheld";
    let noticeVersion: number | undefined;
    if (status === "upheld") {
      const tierId = input.decision === "retier" ? (input.tierId ?? null) : null;
      await setOverride(
        tx,
        actor,
        editionId,
        { entryId: objection.entryId, tierId, reason: input.reply, objectionId: objection.id },
        "results.objectionOverride",
      );
      const publication = await publishNotice(actor, editionId, now, tx);
      noticeVersion = publication.version;
    }
    await tx
      .update(objections)
      .set({ status, reply: input.reply, decidedBy: actor.id, decidedAt: now })
      .where(eq(objections.id, objection.id));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: status === "upheld" ? "objection.uphold" : "objection.dismiss",
      subjectType: "objection",
      subjectId: objection.id,
      editionId,
      before: { status: objection.status },
      after: {
        status,
        decision: input.decision,
        tierId: input.decision === "retier" ? input.tierId : undefined,
        reply: input.reply,
        noticeVersion,
      },
    });
    if (objection.email) {
      await enqueueMail(tx, {
        template: "objection-decided",
        to: objection.email,
        // The public form has no language choice; the notice is a Chinese-language procedure.
        locale: "zh-CN",
        props: {
          name: objection.name,
          editionName: edition.name,
          entryTitle: entry?.title ?? "",
          upheld: status === "upheld",
          reply: input.reply,
          noticeUrl: `${env().appUrl}/e/${edition.slug}/notice`,
        },
      });
    }
    return { status, noticeVersion };
  });
}

/**
 * Sets the end of the notice period (before publishing the notice, or to extend it while it runs).
 * The end must be in the future and after the start.
 */
export async function setNoticeEnd(actor: PublishActor, editionId: number, endsAt: Date, now = new Date()) {
  return db().transaction(async (tx) => {
    const edition = await lockEdition(tx, editionId);
    if (edition.phase !== "tallied" && edition.phase !== "notice")
      throw new ObjectionRefusedError("results.publish.periodWrongPhase");
    if (endsAt <= now || (edition.noticeStartsAt && endsAt <= edition.noticeStartsAt))
      throw new ObjectionRefusedError("results.publish.periodPast");
    await tx.update(editions).set({ noticeEndsAt: endsAt, updatedAt: now }).where(eq(editions.id, editionId));
    await audit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "results.noticePeriod",
      subjectType: "edition",
      subjectId: editionId,
      editionId,
      before: { noticeEndsAt: edition.noticeEndsAt?.toISOString() ?? null },
      after: { noticeEndsAt: endsAt.toISOString() },
    });
  });
}
