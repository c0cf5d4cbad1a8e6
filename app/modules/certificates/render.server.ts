import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { type certificates, editions } from "#db/schema";
import { env } from "~/env.server";
import { readStoredBytes } from "~/modules/storage/storage.server";
import { renderCertificate } from "./pdf.server";
import { demoSealPng } from "./seal.server";

/*
 * From a certificate row to its PDF. The PDF is rendered on request (a few milliseconds) rather
 * than stored: the row holds everything printed on it, so the same certificate always renders
 * the same words.
 */

type CertificateRow = typeof certificates.$inferSelect;
type EditionForPdf = Pick<
  typeof editions.$inferSelect,
  "id" | "name" | "organizers" | "sealStorageKey" | "isDemo"
>;

/** The issue date as printed, the calendar day in China Standard Time. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function verifyUrl(code: string): string {
  return `${env().appUrl}/verify/${code}`;
}

/** The edition's seal: the uploaded PNG, the demo seal for demo editions, or none. */
export async function editionSeal(edition: EditionForPdf): Promise<Uint8Array | null> {
  if (edition.sealStorageKey) return readStoredBytes(edition.sealStorageKey);
  return edition.isDemo ? demoSealPng() : null;
}

export async function certificatePdf(
  certificate: Pick<
    CertificateRow,
    "number" | "code" | "categoryName" | "tierName" | "unitName" | "subject" | "subjectKind" | "issuedAt"
  >,
  edition: EditionForPdf,
  seal?: Uint8Array | null,
): Promise<Uint8Array> {
  return renderCertificate({
    editionName: edition.name,
    categoryName: certificate.categoryName,
    tierName: certificate.tierName,
    unitName: certificate.unitName,
    subject:
      certificate.subjectKind === "account"
        ? { kind: "account", name: certificate.subject }
        : { kind: "entry", title: certificate.subject },
    date: cstDate(certificate.issuedAt),
    organizers: edition.organizers
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
    number: certificate.number,
    verifyUrl: verifyUrl(certificate.code),
    seal: seal === undefined ? await editionSeal(edition) : seal,
  });
}

/** A sample certificate with the edition's organizers and seal, to look at before issuing. */
export async function previewPdf(editionId: number): Promise<Uint8Array> {
  const [edition] = await db().select().from(editions).where(eq(editions.id, editionId));
  if (!edition) throw new Response("Not Found", { status: 404 });
  return certificatePdf(
    {
      number: `PX-${edition.year}-YLAN-001`,
      code: "PREVIEW",
      categoryName: "权威发布",
      tierName: "一等奖",
      unitName: "某某市人民政府新闻办公室（样张）",
      subject: "某某发布：全年重大突发事件权威信息发布实践（样张，证书签发时替换为获奖案例名称）",
      subjectKind: "entry",
      issuedAt: new Date(),
    },
    edition,
  );
}

/** A PDF answer with a safe file name. */
export function pdfResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `inline; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
