import { and, asc, count, eq, gt, ilike, lte, ne, or } from "drizzle-orm";
import ExcelJS from "exceljs";
import { db, type Tx } from "#db/client.server";
import { awards, editions, entries, type PublicationKind, units, users } from "#db/schema";
import { env } from "~/env.server";
import { enqueueMail } from "~/modules/mail/mail.server";
import { AWARDS_CSV_HEADER, awardsCsv } from "./export";
import { latestPublication, publicationAwards, publicationHistory } from "./publish.server";

/*
 * The public lists: the latest notice (/e/:slug/notice) and the latest final list
 * (/e/:slug/results, .csv, .xlsx), read only from the frozen published copies. The final list is
 * 404 until it is published, for organizers too: their preview is the organizer's results page.
 */

type Award = typeof awards.$inferSelect;

export type AwardGroup = {
  categoryCode: string;
  categoryName: string;
  tiers: { tierName: string; awards: Award[] }[];
};

/** Awards in list order → by category, then tier, keeping the order. */
export function groupAwards(rows: Award[]): AwardGroup[] {
  const groups: AwardGroup[] = [];
  for (const row of rows) {
    let group = groups.at(-1);
    if (!group || group.categoryCode !== row.categoryCode) {
      group = { categoryCode: row.categoryCode, categoryName: row.categoryName, tiers: [] };
      groups.push(group);
    }
    let tier = group.tiers.at(-1);
    if (!tier || tier.tierName !== row.tierName) {
      tier = { tierName: row.tierName, awards: [] };
      group.tiers.push(tier);
    }
    tier.awards.push(row);
  }
  return groups;
}

async function editionBySlug(slug: string) {
  const [edition] = await db().select().from(editions).where(eq(editions.slug, slug)).limit(1);
  if (!edition || edition.phase === "draft") throw new Response("Not Found", { status: 404 });
  return edition;
}

async function latestOr404(editionId: number, kind: PublicationKind) {
  const publication = await latestPublication(editionId, kind);
  if (!publication) throw new Response("Not Found", { status: 404 });
  return publication;
}

/** The latest notice of the edition; 404 when none was ever published. */
export async function noticeView(slug: string) {
  const edition = await editionBySlug(slug);
  const publication = await latestOr404(edition.id, "notice");
  const rows = await publicationAwards(publication.id);
  return { edition, publication, awards: rows };
}

/** `q` as a LIKE pattern matching it anywhere, with LIKE's wildcards taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Awards per page of the public list. Real lists (tens to hundreds of winners) fit on one page; a
 * national one with thousands is paged by list position, a range on (publication, position).
 */
export const RESULTS_PAGE_AWARDS = 1000;

/**
 * The latest final list, a page at a time, filtered by unit or entry title when `q` is given;
 * 404 before publication.
 */
export async function resultsView(slug: string, q: string, page = 1) {
  const edition = await editionBySlug(slug);
  const publication = await latestOr404(edition.id, "final");
  const query = q.trim().slice(0, 100);
  const matching = query
    ? or(ilike(awards.unitName, containsPattern(query)), ilike(awards.entryTitle, containsPattern(query)))
    : undefined;
  const [counted] = await db()
    .select({ n: count() })
    .from(awards)
    .where(and(eq(awards.publicationId, publication.id), matching));
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / RESULTS_PAGE_AWARDS));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db()
    .select()
    .from(awards)
    .where(
      and(
        eq(awards.publicationId, publication.id),
        matching,
        // Without a search, positions are 1..total: a page is a range of them.
        query ? undefined : gt(awards.position, (current - 1) * RESULTS_PAGE_AWARDS),
        query ? undefined : lte(awards.position, current * RESULTS_PAGE_AWARDS),
      ),
    )
    .orderBy(asc(awards.position))
    .limit(RESULTS_PAGE_AWARDS)
    .offset(query ? (current - 1) * RESULTS_PAGE_AWARDS : 0);
  const history = await publicationHistory(edition.id, "final");
  const corrections = history
    .filter((p) => p.version > 1)
    .map((p) => ({
      version: p.version,
      publishedAt: p.publishedAt,
      reason: p.correctionReason ?? "",
      sha256: p.sha256,
    }));
  return { edition, publication, awards: rows, query, corrections, total, page: current, pages };
}

/** The canonical CSV of the latest final list: exactly the bytes its seal covers. */
export async function resultsCsv(slug: string) {
  const edition = await editionBySlug(slug);
  const publication = await latestOr404(edition.id, "final");
  return { edition, publication, csv: awardsCsv(await publicationAwards(publication.id)) };
}

/** The latest final list as a spreadsheet, with the same columns as the CSV. */
export async function resultsXlsx(slug: string) {
  const edition = await editionBySlug(slug);
  const publication = await latestOr404(edition.id, "final");
  const rows = await publicationAwards(publication.id);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("results");
  sheet.addRow(AWARDS_CSV_HEADER);
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.position,
      r.categoryCode,
      r.categoryName,
      r.tierName,
      r.reference,
      r.unitName,
      r.entryTitle,
      r.accountName,
      r.platform,
      r.link,
    ]);
  }
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const bytes = await workbook.xlsx.writeBuffer();
  return { edition, publication, bytes: new Uint8Array(bytes as ArrayBuffer) };
}

/** A download name made of the slug and the version only (ASCII, no quotes or path parts). */
export function downloadName(slug: string, version: number, ext: "csv" | "xlsx"): string {
  const safe = slug.replace(/[^A-Za-z0-9-]/g, "").slice(0, 60) || "edition";
  return `${safe}-results-v${version}.${ext}`;
}

/**
 * The results mail, queued with the final list (publishFinal's onPublished): one message to each
 * user of every unit that entered the edition, listing the unit's awards or saying it has none.
 */
export async function queueResultsMails(tx: Tx, editionId: number, publicationId: number) {
  const [edition] = await tx.select().from(editions).where(eq(editions.id, editionId));
  if (!edition) return 0;
  const entered = await tx
    .selectDistinct({ id: units.id, name: units.name })
    .from(entries)
    .innerJoin(units, eq(units.id, entries.unitId))
    .where(and(eq(entries.editionId, editionId), ne(entries.status, "draft")));
  if (entered.length === 0) return 0;
  const list = await tx
    .select()
    .from(awards)
    .where(eq(awards.publicationId, publicationId))
    .orderBy(asc(awards.position));
  const recipients = await tx
    .select({ unitId: users.unitId, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.role, "unit"))
    .orderBy(asc(users.email));
  const resultsUrl = `${env().appUrl}/e/${edition.slug}/results`;
  let queued = 0;
  for (const unit of entered) {
    const own = list
      .filter((a) => a.unitId === unit.id)
      .map((a) => ({ categoryName: a.categoryName, tierName: a.tierName, entryTitle: a.entryTitle }));
    for (const user of recipients.filter((u) => u.unitId === unit.id)) {
      await enqueueMail(tx, {
        template: "results-published",
        to: user.email,
        locale: user.locale,
        props: { name: user.name, unitName: unit.name, editionName: edition.name, awards: own, resultsUrl },
      });
      queued++;
    }
  }
  return queued;
}

/** What the organizer's publication page shows: both lists' versions and the correctable entries. */
export async function publicationStatus(editionId: number) {
  const [noticeHistory, finalHistory, correctable] = await Promise.all([
    publicationHistory(editionId, "notice"),
    publicationHistory(editionId, "final"),
    db()
      .select({
        id: entries.id,
        title: entries.title,
        reference: entries.reference,
        categoryId: entries.categoryId,
        unitName: units.name,
      })
      .from(entries)
      .innerJoin(units, eq(units.id, entries.unitId))
      .where(and(eq(entries.editionId, editionId), eq(entries.status, "accepted")))
      .orderBy(asc(entries.categoryId), asc(entries.reference), asc(entries.id)),
  ]);
  return { noticeHistory, finalHistory, correctable };
}

/** Which public lists an edition has, for the links on its page. */
export async function publishedLists(editionId: number) {
  const [notice, final] = await Promise.all([
    latestPublication(editionId, "notice"),
    latestPublication(editionId, "final"),
  ]);
  return { notice: Boolean(notice), final: Boolean(final) };
}
